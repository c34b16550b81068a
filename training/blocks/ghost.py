"""Ghost stories: eerie rather than gory, and the dead usually want something small."""

GENRE = dict(
    name="ghost story",
    ages=["teen", "adult", "elder"],
    audiences=["young adults", "adult readers", "readers who like quiet, eerie stories"],
    tones=["eerie", "melancholy", "unsettling", "bittersweet", "atmospheric"],
    styles=[
        "moody gothic oil painting",
        "eerie cinematic photograph",
        "dark atmospheric illustration",
        "muted watercolor with ink",
    ],
    moods=["eerie haunting mood", "melancholy ghostly atmosphere", "quiet unsettling mood"],
    settings=[
        dict(
            place="the lighthouse on Gannet Rock, three miles off a cold northern coast",
            in_place="at the lighthouse on Gannet Rock, three miles off a cold northern coast",
            spot="the lighthouse",
            scene=[
                "a lonely lighthouse on a rocky island",
                "a spiral lighthouse stair lit by a lantern",
            ],
            light=[
                "cold fog-filtered moonlight",
                "the sweeping beam of a lighthouse",
                "grey stormy dusk",
            ],
            details=[
                "The lamp turned above, and every twelve seconds its beam swept the black water.",
                "Fog came in from the sea so thick that the rock seemed to float in nothing.",
                "The iron stair rang under every footstep, all one hundred and nine steps of it.",
                "Waves boomed in the cave beneath the rock like a slow, enormous door.",
                "The keepers' logbooks filled a whole shelf, the oldest written in brown, faded ink.",
                "Salt crusted the windows, and the wind found its way through every seam.",
            ],
        ),
        dict(
            place="St. Aldric's, an old boarding school on the moors",
            in_place="at St. Aldric's, an old boarding school on the moors",
            spot="St. Aldric's",
            scene=[
                "a gothic boarding school on a misty moor",
                "a long dormitory of iron beds at night",
            ],
            light=[
                "pale moonlight through tall windows",
                "flickering candlelight",
                "grey misty morning light",
            ],
            details=[
                "The corridors were long and cold and smelled of floor polish and boiled cabbage.",
                "Rain ran down the tall windows in crooked lines.",
                "Portraits of old headmasters frowned from every landing.",
                "At night the heating pipes knocked and muttered like someone trying to get in.",
                "The moor outside was a grey sea of heather, and mist lay on it until noon.",
                "The chapel bell had no rope, yet the older pupils swore they had heard it ring.",
            ],
        ),
        dict(
            place="Saltmarsh End, a half-abandoned village sinking into the fens",
            spot="Saltmarsh End",
            scene=[
                "a half-abandoned village in misty fenland",
                "reeds and dark water around a sunken church",
            ],
            light=[
                "grey mist at twilight",
                "low orange sunset over the marsh",
                "cold lamplight in fog",
            ],
            details=[
                "The marsh crept a little further into the village every winter.",
                "Reeds whispered around the church, which leaned like a tired old man.",
                "Half the cottages were empty, their windows dark and their gardens gone wild.",
                "Curlews called across the flats, a sound like somebody asking a question.",
                "The tide came in silently here, filling the creeks before anyone noticed.",
                "There was one telephone box, and its light still came on every evening.",
            ],
        ),
    ],
    cast=[
        dict(
            role="relief lighthouse keeper",
            look="in a wool sweater with a storm lantern",
            where=[0],
            ages=["adult", "elder"],
            shown="lighthouse keeper",
        ),
        dict(
            role="night caretaker",
            look="in a long dark coat",
            where=[1, 2],
            ages=["adult", "elder"],
            shown="caretaker",
        ),
        dict(role="student", look="in a school blazer and scarf", where=[1], ages=["teen"]),
        dict(
            role="local historian",
            look="in a worn raincoat",
            ages=["adult", "elder"],
            shown="historian",
        ),
    ],
    plots=[
        dict(
            where=[0],
            titles=["The Unfinished Log", "The Last Entry", "The Keeper's Hand"],
            hook="finds that someone keeps adding lines in an old-fashioned hand to the last page of a logbook",
            goal="to learn who is writing and what they want",
            obstacle="The handwriting belongs to someone who died fifty years ago, and each entry is more urgent than the last.",
            picture=[
                "reading an old logbook by lantern light",
                "a faint ghostly figure writing at a desk beside a window",
            ],
            beats=[
                "The first new line appeared on a Tuesday, written in brown ink beneath {name}'s own neat entries: Wind north-east, rising. All well. {He} assumed one of the others was playing a joke. But {he} was alone in {spot} that week, and the ink, when {he} touched it, was still wet.",
                "The lines came every night after that, in the same looping, old-fashioned hand. Wind rising. Sea heavy. Then: She has not come back. Then: I should not have let her go out. {Detail} {Name} looked through the old records and found the name of the writer, and the date of his death, which was fifty-one years ago that very month.",
                "On the last night of the month the writing was different, fast and shaky, the letters running into each other: Please. The boat. Look for the boat. {Name} went out in the dark with a torch, searching the rocks and the waterline, until {he} found it, wedged in a crevice and grown over with weed: a little wooden rowboat, its name still faintly painted on the stern.",
                "It took {name} the whole of the next day to dig it free, and another week of letters and phone calls to learn the rest. The woman who had rowed out that night had not drowned. She had been picked up by a fishing boat, carried south, and had lived a long life believing the keeper had never looked for her. He had looked every night, {name} realized, for fifty years.",
                "{Name} wrote the last entry {self}, in plain blue ink: The boat is found. She lived. She was happy. The next morning the page was dry and still, and no more lines ever appeared. But on calm nights the lamp seems to turn a little more gently, and the logbook, when {name} opens it, smells faintly of the sea.",
            ],
        ),
        dict(
            where=[1],
            titles=[
                "Yesterday's Reflection",
                "The Looking Glass",
                "The Mirror in the West Corridor",
            ],
            hook="realizes that an old mirror shows the room as it was exactly one day earlier",
            goal="to use the mirror to uncover what happened to a missing pupil",
            obstacle="Every time the mirror is used, something from yesterday seems to follow its owner into today.",
            picture=[
                "staring into an antique mirror showing a different scene",
                "reaching toward a fogged mirror in a dark room",
            ],
            beats=[
                "The mirror hung at the end of the west corridor, spotted and silvered with age. {Name} passed it every day without looking until the morning {he} noticed that the vase in the reflection held roses. The real vase was empty. The roses had been thrown out the day before.",
                "{He} tested it carefully over a week, with cups and books and notes left in corners. The mirror always showed yesterday, exactly, down to the falling dust. {Detail} And then {he} thought of [Annie Pell|Thomas Reeve|little Ada Cole], who had walked out of the building nine days ago and not been seen since.",
                "It took nine days of standing in front of the glass, waiting for yesterday to become the day {he} needed, and every day the mirror took something back. First {his} reflection lagged a second behind. Then {he} woke with yesterday's bruises. On the ninth morning {he} saw the missing pupil in the glass, walking quickly, glancing over one shoulder, and slipping through a door in the panelling that nobody knew was there.",
                "Behind the panel was a stair, and at the bottom of the stair was an old cellar, and in the cellar, cold and frightened but alive, was the missing pupil, who had found the hidden door while running from bullies and been shut in when it jammed. {Name} carried the pupil up into the daylight while half the school watched.",
                "Nobody believed the part about the mirror, and {name} stopped telling it. But the next morning {he} went back to the west corridor with a dust sheet to cover the glass. The reflection showed the corridor as it had been the day before, empty except for one thing: a small figure standing where {name} now stood, smiling, holding out a dust sheet of its own.",
            ],
        ),
        dict(
            where=[2],
            titles=["The Telephone Box", "A Call from the Marsh", "Ringing in the Fog"],
            hook="hears a disconnected telephone ringing at the same hour every night",
            goal="to answer it and find out who is calling",
            obstacle="The voice on the line is a child asking for help, and the call seems to come from a storm that happened decades ago.",
            picture=[
                "answering a glowing red telephone box in thick fog",
                "standing in marsh reeds beside an old telephone box at night @",
            ],
            beats=[
                "The line had been cut in 1987. Everyone in {spot} knew it, because there was a little notice saying so, yellowed behind the glass. And yet at nine minutes past eleven every night, the telephone rang. {Name} heard it for a week from {his} window before {he} finally put on {his} coat and went down to answer it.",
                "The voice was small and crackling, as if it came from very far away. A child, asking for its mother, saying the water was coming in, saying it was cold. Then the line went dead. {Detail} {Name} stood in the box with the receiver in {his} hand, and understood that {he} was listening to the night of the great flood.",
                "{He} spent the next day in the records, going through the flood reports one by one. Everyone from the village had been accounted for, all but one: a girl of seven whose name appeared on the list of the missing and then, strangely, nowhere else. No body. No grave. No record that she had ever been found, or ever been lost.",
                'That night, when the telephone rang, {name} answered before the second ring. "Listen," {he} said. "Go up. Climb as high as you can. The church tower, the bell loft. Go now." The line crackled for a long time. Then a small voice said, "All right," and the telephone was silent, and it never rang again.',
                "The next morning {name} went back to the records, and the list had changed. The girl's name was no longer among the missing. It appeared instead in the parish register, married in 1998, and in the telephone directory, in a town forty miles away. {Name} has the number written on a card by {his} bed. {He} has not called it yet. {He} thinks, perhaps, that one day it will ring.",
            ],
        ),
        dict(
            where=[0, 1],
            titles=["The Footsteps Upstairs", "The Night Walker", "One Hundred and Nine Steps"],
            hook="hears footsteps walking the same route through the building every night at midnight",
            goal="to follow them and learn what the walker is looking for",
            obstacle="Everyone who has tried to follow the footsteps before has given up in fear, and the building's owners want them kept secret.",
            picture=[
                "following faint glowing footprints up a stone stair",
                "standing in a dark corridor holding a candle toward the shadows",
            ],
            beats=[
                'The footsteps began at midnight, always in the same place, always walking the same slow route. Up the stair, along the landing, back down again. {Name} had been warned about them on {his} first day in {spot}. "Don\'t follow," the old hands said. "Nobody who follows likes what they find."',
                "For a month {name} lay in the dark and listened. The steps were not heavy or frightening. They were tired, like someone who had walked a long way and still had further to go. {Detail} On the first night of the second month {name} got up, lit a candle and waited at the foot of the stair.",
                "The footsteps passed right beside {him}. {He} felt the air move, smelled wet wool and tobacco, and followed. Up the stair, along the landing, into a small storeroom {he} had never bothered with, where they stopped in front of a wall. {Name} put {his} candle down and knocked. The wall was hollow.",
                "Behind the loose boards was a bundle of letters tied with string, never posted, all addressed to the same woman in the same careful hand. The writer had kept them here, hidden, for years, and had died before working up the courage to send them. The most recent was dated the day of his death.",
                "{Name} found the woman's granddaughter through a parish record and posted her the letters, with a note of {his} own explaining where they had been. The footsteps did not come the next night, or the night after. A month later a reply arrived, addressed to nobody in particular, and {name} left it in the storeroom unopened. In the morning it was gone.",
            ],
        ),
    ],
)
