"""Epic and dark fantasy for older readers: oaths, maps, old magic with a price."""

GENRE = dict(
    name="fantasy",
    ages=["adult", "teen", "elder"],
    audiences=["adult readers", "young adults", "older teens and adults"],
    tones=["epic", "tense", "bittersweet", "mysterious", "hopeful"],
    styles=[
        "epic fantasy oil painting",
        "detailed digital painting",
        "dark fantasy concept art",
        "painterly fantasy book cover art",
    ],
    moods=["epic atmosphere", "brooding mysterious mood", "solemn heroic mood"],
    settings=[
        dict(
            place="the fortress of Kell Varran, which guards the last pass through the Ashen Mountains",
            spot="Kell Varran",
            scene=["a stone fortress on a snowy mountain pass", "battlements above a frozen gorge"],
            light=["cold blue dawn light", "torchlight against falling snow", "stormy grey light"],
            details=[
                "Snow hissed against the battlements, and the banners had frozen stiff on their poles.",
                "Below the walls the gorge fell away into a blue darkness that never quite ended.",
                "The garrison's horses stamped and steamed in the long stables cut into the rock.",
                "Old names were carved into every stone of the gatehouse, most of them worn to nothing.",
                "At night the watch fires burned along the wall like a string of orange beads.",
                "The wind in the pass made a sound like a great animal breathing.",
            ],
        ),
        dict(
            place="Suun, a caravan city of tents and towers on the edge of the Salt Waste",
            spot="Suun",
            scene=[
                "a desert city of bright tents and slender towers",
                "a salt flat stretching to the horizon",
            ],
            light=["harsh white noon light", "burning orange sunset", "cool violet desert dusk"],
            details=[
                "Camels groaned in the market square while traders argued over the price of water.",
                "The towers of Suun were painted every color a dye could make, all faded by the sun.",
                "Beyond the last tent the Salt Waste glittered, flat and white and merciless.",
                "The air smelled of cardamom, dust and hot brass.",
                "At dusk the whole city climbed onto its roofs to feel the first cool wind.",
                "Prayer bells rang from the towers, each one a different note.",
            ],
        ),
        dict(
            place="the drowned library of Oressa, half sunk in a green lake",
            spot="the drowned library",
            scene=[
                "a ruined library half sunk in a green lake",
                "flooded marble halls full of floating books",
            ],
            light=[
                "green underwater light",
                "shafts of pale light through broken domes",
                "soft candlelight on dark water",
            ],
            details=[
                "Water lapped at the marble stairs, and the lower shelves had long since gone under.",
                "Reading lamps still hung from the ceilings, though nobody had lit them in a hundred years.",
                "Frogs sang in the reading rooms, and lilies grew where the scholars once sat.",
                "Pages drifted on the surface like pale leaves, their ink blurred into clouds.",
                "The great dome had cracked, and a slow rain fell through it onto the flooded floor.",
                "Somewhere deep in the building, a bell rang whenever the water rose.",
            ],
        ),
    ],
    cast=[
        dict(role="mapmaker", look="in a travel-stained cloak with a scroll case"),
        dict(role="healer", look="with a satchel of herbs and silver rings"),
        dict(role="messenger", look="in a hooded riding cloak"),
        dict(role="archivist", look="with ink-stained fingers and a brass lantern"),
    ],
    plots=[
        dict(
            titles=["The Map That Moved", "Ink and Stone", "The Unfinished Map"],
            hook="draws a map that changes overnight to show a road that does not exist",
            goal="to follow the impossible road and learn who is redrawing the map",
            obstacle="The road leads straight into country the old wars left cursed, and the map seems to be drawing a trap.",
            picture=[
                "unrolling a glowing map on a stone table",
                "walking a faint road of light across dark hills @",
            ],
            beats=[
                "The map had taken {name} three months to draw, and it was the best work of {his} life. On the morning it was finished, {he} unrolled it to admire it and found a road {he} had never drawn. It ran from the edge of {spot} into the blank country to the east, fine as a hair and darker than any ink {he} owned.",
                "{He} scraped it away with a knife. The next morning it was back, longer, and beside it were words in a small, patient hand: Come and see. {Name} showed no one. People who drew impossible roads were not trusted with real ones, and {he} had worked too hard to be thought mad.",
                "On the fourth day {he} packed {his} instruments and went. The road was real. It was barely a trail, but it ran exactly where the ink said it would, through ruined farms and over a bridge that should not still have been standing. Every night, by firelight, {name} watched the map draw a little more of the way ahead.",
                'It ended at a tower with no door. Inside, at a desk covered with dust, sat an old [woman|man] with ink-black fingers, drawing. "Every mapmaker loses the last piece of the world they mean to draw," the old one said without looking up. "I have been drawing it back. I need someone young enough to carry it home."',
                "{Name} stayed a year in the tower and learned to draw roads that had not yet been walked. When {he} finally returned to {spot}, {he} carried a map that no king could have paid for: the whole lost country, every river and ruin of it, drawn true. It is still unfinished. {Name} adds a line to it every morning, and some mornings, a line appears that {he} did not draw.",
            ],
        ),
        dict(
            titles=["The Last Message", "What the Messenger Carried", "A Letter Through the Snow"],
            hook="is given a sealed message that must reach the king before the enemy army does",
            goal="to cross the wild lands alone and deliver the message in time",
            obstacle="The enemy has scouts on every road, and the message itself seems to grow heavier with every mile.",
            picture=[
                "riding hard through a snowstorm with a sealed letter @",
                "standing before a vast throne hall holding a wax-sealed scroll @",
            ],
            beats=[
                'The captain pressed the letter into {name}\'s hands as if it burned. "The king must have this within four days," he said. "Not five. Four." The seal was black wax, pressed with a sign {name} had never seen. {He} tucked it inside {his} coat and rode out of {spot} before the sun had cleared the hills.',
                "On the first day {he} saw smoke where villages should have been. On the second, {he} left the road, because there were riders on it who wore no colors. And with every mile the letter grew heavier, until by the third night {he} could feel it against {his} ribs like a stone. {He} told {self} it was fear. {He} did not quite believe it.",
                "On the third night {he} broke the seal. {He} had sworn not to, and {he} did it anyway, by the light of a fire {he} should not have lit. The letter was blank. Only when {his} breath fell on it did words rise out of the paper, and they said: The message is the messenger. Let them see you.",
                "{Name} understood then why {he} had been chosen: not for speed but for a face everyone in the wild lands knew, the face of someone who had ridden every road and never turned back. So on the fourth day {he} rode openly, through every village, and at every village people left their homes and followed {him}.",
                "By the time {name} reached the king's gate, [three hundred|five hundred|a thousand] people walked behind {him}, farmers with scythes and shepherds with slings. The enemy scouts who watched from the hills turned their horses and rode away. The letter is kept now in a glass case in the king's hall, a blank page with a broken seal, and children are taken to see it.",
            ],
        ),
        dict(
            titles=["The Grey Sleep", "What the Healer Owed", "A Cure from the Deep"],
            hook="is the only healer left when a sleeping sickness spreads through the city",
            goal="to find the cure that an old book says lies somewhere underwater",
            obstacle="The price of the cure, the book warns, is a memory the healer will never get back.",
            picture=[
                "holding a lantern over dark floodwater in a ruined hall @",
                "kneeling beside a sleeping patient with glowing herbs",
            ],
            beats=[
                "It began with a weaver who fell asleep at her loom and did not wake. By the end of the week there were forty sleepers in {spot}, lying peacefully in their beds with grey dust on their eyelashes. The other healers had fled or fallen asleep themselves. {Name} was the only one left, and {he} had run out of ideas.",
                "In the oldest book {he} owned, {he} found a single page about the grey sleep. The cure, it said, was a white flower that grew only in dark water, and it could be picked only by someone willing to give it a memory in exchange. The page did not say which memory. {Name} read it four times and then went to find a lantern.",
                "{Name} went down through the oldest cellars beneath {spot}, where water had gathered in black and silent pools, until {he} found the flowers, pale as candle flames, floating where the water was perfectly still. When {he} reached for the first, {he} felt something move inside {his} mind, gently, like a hand looking through a drawer.",
                "{He} could have stopped. Instead {he} held still and let it choose. When {he} climbed back up with {his} arms full of white flowers, {he} knew {he} had lost something, but not what. It is the strangest kind of grief, {name} thought, to miss a thing without knowing its name.",
                "The sleepers woke one by one, sneezing grey dust. The weaver went back to her loom and wove {name} a blanket the color of the flowers. Sometimes, late at night, {name} finds {self} humming a tune that seems to come from nowhere, and {he} wonders if that was it, the memory, some small bright thing handed over for forty lives. {He} has decided it was a fair price.",
            ],
        ),
        dict(
            titles=["The Keeper of Names", "The Wall of Names", "Carved in Stone"],
            hook="discovers that names carved on an ancient wall are vanishing, and with them, the people's memories of the dead",
            goal="to find out who is erasing the names and stop them",
            obstacle="The one erasing the names believes that forgetting the dead is the only way to end an old war.",
            picture=[
                "tracing worn carved names on an ancient wall by torchlight",
                "facing a hooded figure beside a wall of carved names",
            ],
            beats=[
                "The names had been carved after the last war, one for every soldier who had not come home. {Name} had walked past them every day for years without reading them. Then one morning {he} noticed a smooth patch of stone where a name had been, and that evening {he} could not remember the name of {his} own grandfather.",
                "Others were forgetting too. A widow forgot her husband's laugh. A boy forgot which songs his father used to sing. Nobody spoke about it, because nobody could quite remember what they had lost. {Name} began to sleep beside the wall with a lantern, watching.",
                'On the third night a hooded figure came with a chisel wrapped in cloth. It was an old soldier from the other side of the war, the side that had lost. "While these names stand, our children hate yours and yours hate ours," he said. "Forget them, and the hate dies with the memory. I am giving you peace."',
                '{Name} did not answer at once, because part of {him} thought he might be right. Then {he} picked up the chisel, turned to a clean stretch of the wall, and began to carve the names of the old soldier\'s dead beside {his} own. "Not forgetting," {he} said. "Remembering more."',
                "It took them two winters to carve every name from both sides of the war. The old soldier did the deep strokes, {name} the fine ones. The memories came back slowly, like people returning from a long journey. Today the wall in {spot} is twice as long as it was, and the children of both sides are taken to read it together.",
            ],
        ),
    ],
)
