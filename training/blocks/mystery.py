"""Cozy mysteries: small places, small crimes, sharp eyes, tea."""

GENRE = dict(
    name="cozy mystery",
    ages=["adult", "elder"],
    audiences=["adult readers", "readers who enjoy gentle mysteries", "a general audience"],
    tones=["lighthearted", "witty", "cozy", "curious", "warm"],
    styles=[
        "vintage gouache illustration",
        "cozy mystery book cover art",
        "warm oil painting",
        "detailed colored pencil illustration",
    ],
    moods=["cozy intriguing mood", "quaint mysterious atmosphere", "warm and curious mood"],
    settings=[
        dict(
            place="Little Harrowby, a seaside village of crooked streets and gossip",
            spot="Little Harrowby",
            scene=["a crooked seaside village street", "a quaint harbor with pastel cottages"],
            light=[
                "bright seaside morning light",
                "soft overcast light",
                "golden late-afternoon sun",
            ],
            details=[
                "Gulls argued on every chimney, and the harbor smelled of seaweed and frying fish.",
                "The streets were so crooked that visitors got lost walking to the shop next door.",
                "Net curtains twitched all along the high street whenever anything happened at all.",
                "The church clock had been running nine minutes slow since 1952, and everyone set their watches by it.",
                "Lobster pots were stacked on the quay like a wall nobody had finished.",
                "Every front garden had a gnome, and every gnome had been given a name.",
            ],
        ),
        dict(
            place="the Grand Belvedere, a faded railway hotel in the hills",
            in_place="at the Grand Belvedere, a faded railway hotel in the hills",
            spot="the Belvedere",
            scene=[
                "a faded grand hotel lobby with a sweeping staircase",
                "an old railway hotel in misty hills",
            ],
            light=["warm chandelier light", "rainy grey window light", "low golden lamplight"],
            details=[
                "The lobby carpet had once been red and was now the color of weak tea.",
                "Trains still stopped at the little platform twice a day, though rarely for anyone.",
                "A grandfather clock on the landing chimed thirteen times at noon and nobody knew why.",
                "Potted palms grew in every corner, some of them taller than the guests.",
                "The dining room smelled of toast, furniture polish and old secrets.",
                "Rain drummed on the glass roof of the conservatory most afternoons.",
            ],
        ),
        dict(
            place="Pennywhistle Books, a cluttered bookshop in a market town",
            in_place="at Pennywhistle Books, a cluttered bookshop in a market town",
            spot="the bookshop",
            scene=[
                "a cluttered old bookshop with towering shelves",
                "a rainy market town square outside a bookshop window",
            ],
            light=["dusty window light", "warm reading-lamp glow", "rainy blue evening light"],
            details=[
                "Books were stacked on the stairs, on the chairs and, in one case, inside the oven.",
                "The shop cat, a fat ginger tom called Dickens, slept in the poetry section.",
                "Bells on the door announced every customer with a cheerful jangle.",
                "The floorboards creaked in a different note under every shelf.",
                "Outside, the market stalls sold cheese and cabbages and very good pies.",
                "The shop smelled of paper, dust and the peppermints kept in a jar on the counter.",
            ],
        ),
    ],
    cast=[
        dict(
            role="retired schoolteacher",
            look="in tweed with a magnifying glass",
            shown="schoolteacher",
        ),
        dict(role="postmistress", look="with a satchel of letters and sharp eyes"),
        dict(role="bookseller", look="in a knitted cardigan holding a teacup"),
        dict(role="hotel night porter", look="in a neat brass-buttoned uniform"),
    ],
    plots=[
        dict(
            titles=[
                "The Case of the Vanishing Pie",
                "Murder Most Crumbly",
                "Who Took the Prize Pie?",
            ],
            hook="is asked to find out who stole the prize-winning pie the night before the summer fair",
            goal="to unmask the thief before the judging begins at noon",
            obstacle="Every suspect had a reason to want the pie gone, and each has an alibi that is almost too good.",
            picture=[
                "examining crumbs on a lace tablecloth with a magnifying glass",
                "questioning villagers at a sunny summer fair @",
            ],
            beats=[
                'The pie had been a thing of beauty: gooseberry and elderflower, with a lattice crust like a cathedral window. Now there was only an empty plate, a few crumbs and Mrs. Pomfrey in tears. "Find it," she told {name}. "Or find who ate it. Either will do." The judging was at noon the next day.',
                "There were three suspects, and {name} spoke to each of them over a cup of tea. The vicar was allergic to gooseberries, he said, a little too quickly. The baker's wife had won the prize four years running until Mrs. Pomfrey came along. And the colonel next door had been heard to say, loudly and in public, that he would do anything for a slice.",
                "{Name} went back to the empty plate and looked at the crumbs again. {Detail} They were not scattered, as a hungry thief would scatter them. They were in a neat little line leading to the window, and on the sill, pressed into the dust, was the print of a very small paw with a trail of pastry beside it.",
                "The thief was found under the colonel's shed, asleep, with a stomach as round as a football. It was Mrs. Pomfrey's own dachshund, Biscuit, who had been left alone with the pie for exactly four minutes. The vicar, the baker's wife and the colonel all looked very relieved, and slightly disappointed.",
                "Mrs. Pomfrey baked a second pie that night. It did not win, because the baker's wife's plum tart was, everyone agreed, extraordinary. But Biscuit was given an honorary rosette for Best Appetite, and {name} was given the first slice of everything at the fair, which {he} said was the only payment a detective should ever accept.",
            ],
        ),
        dict(
            titles=["The Missing Portrait", "A Gap on the Wall", "The Lady in the Frame"],
            hook="notices that an old portrait has vanished from its frame overnight, leaving the frame untouched",
            goal="to find the painting and the reason it was taken",
            obstacle="The owner refuses to call the police, and seems more frightened of the painting being found than of it being lost.",
            picture=[
                "staring at an empty gilded frame on a wall",
                "holding up a lantern to a hidden portrait in an attic @",
            ],
            beats=[
                "Everybody in {spot} knew the portrait: a young woman in a green dress, smiling as if she knew a secret about you. It had hung in the same place for ninety years. On Tuesday morning {name} walked past and stopped dead. The frame was still there. The canvas had been cut out neatly, all the way around, with a very sharp knife.",
                "The owner, old Mr. Ashcombe, thanked {name} politely and told {him} not to trouble {self}. He would not call the police. He would not discuss it. He had, {name} noticed, the look of a man who had been waiting many years for something to happen and was relieved it finally had.",
                "{Name} began to ask questions, which is what {he} did best. {Detail} The painter, it turned out, had lived in {spot} and had painted only one portrait in his life. And the young woman in the green dress had not been Mr. Ashcombe's grandmother at all, as everyone believed. She had been the painter's sister, and she had vanished in 1931.",
                'The canvas turned up in the attic of a cottage at the edge of town, where an old woman lived alone with a great many cats. She did not deny taking it. "She was my mother," she said simply. "The Ashcombes bought her face and put it on their wall and told everyone she was one of theirs. I wanted her home before I die."',
                "Mr. Ashcombe came to the cottage that evening, and {name} left the two of them alone with a pot of tea. Nobody ever learned everything they said. But the portrait now hangs in the village hall, with a small brass plate giving the young woman her real name at last, and on Sundays the old woman and Mr. Ashcombe sit together in front of it.",
            ],
        ),
        dict(
            titles=["Letters Without Names", "The Anonymous Kindness", "Signed, A Friend"],
            hook="tries to discover who has been sending anonymous letters to half the people in town",
            goal="to find the writer before the town turns on the wrong person",
            obstacle="People assume the letters are cruel, and the obvious suspect is a lonely newcomer.",
            picture=[
                "reading a stack of unsigned letters at a cluttered desk",
                "following footprints through a rainy town square at dawn @",
            ],
            beats=[
                "The letters began arriving in March: plain envelopes, no stamps, pushed under doors before dawn. By April half of {spot} had received one, and nobody would say what was in them. That was enough for the rumors to start. Letters without names, people said, could only mean blackmail.",
                "The rumors settled quickly on the newcomer, a quiet widower who had bought the old forge and did not go to church. Someone painted a word on his gate. {Name} did not like rumors, and {he} liked painted gates even less. So {he} did something nobody else had thought to do. {He} asked people, politely, to show {him} their letters.",
                "The first one {he} read said: Your roses are the finest on the street, and your kindness to the Bell children has not gone unnoticed. The second said: I heard you sing at the harvest supper. You should sing more. Every letter was the same: a true, specific, kind thing, written by someone who had been paying close attention.",
                '{Detail} {Name} waited in a doorway before dawn with a flask of tea, and saw who came. It was not the widower. It was the [postman\'s mother|old church organist|retired headmistress], eighty-three years old, who went to bed at eight and saw everything from her window. "People only write letters when something is wrong," she said. "I thought somebody ought to write when something is right."',
                "{Name} kept her secret. {He} told the town only that the letters were harmless, and then {he} went and apologized to the widower on everyone's behalf. The letters still arrive, a few each month. Last week the widower got one. He has not said what it says, but he has started going to the harvest supper, and he sings.",
            ],
        ),
        dict(
            where=[1, 2],
            titles=["The Thirteenth Chime", "The Clock on the Landing", "Nine Minutes Slow"],
            hook="suspects that an old clock that chimes at strange hours is hiding something",
            goal="to work out what the clock is counting before a sale breaks up its collection",
            obstacle="The clock is to be sold at auction on Friday, and the new owner has no patience for old stories.",
            picture=[
                "opening the case of an antique grandfather clock",
                "holding a tiny brass key up to lamplight",
            ],
            beats=[
                "The clock had always chimed oddly, and for years nobody in {spot} had given it a thought. But {name} had a habit of counting things, and one wet afternoon {he} counted the chimes and wrote them down. Thirteen, then four, then nine, then two. The next day it was the same. The clock was not broken. It was repeating something.",
                "The trouble was that the clock was to be sold on Friday, along with everything else the late owner had left. The new owner, a brisk nephew from the city, was already measuring the walls for new paint. When {name} tried to explain about the chimes, he laughed and said that old clocks, like old people, get confused.",
                "{Name} sat up with the numbers that night, turning them over like pieces of a jigsaw. {Detail} Thirteen, four, nine, two. Not a time. Not a date. At two in the morning {he} sat up straight, fetched the old shelf catalogue, and looked up row thirteen, shelf four, book nine, page two.",
                "Tucked into page two of a dull book about drainage was a tiny brass key, and on the flyleaf a note in the old owner's hand: For whoever finally listened. The key opened a drawer in the clock's base that nobody had known was there. Inside lay a will, signed and witnessed, newer than the one the nephew had brought.",
                "The new will left the clock, and the building, to the people who had worked there. The nephew was given a generous sum and a train ticket home, and he took both with surprising grace. The clock still chimes thirteen at noon. Nobody has fixed it, because nobody wants to. {Name} says that it is simply reminding them to listen.",
            ],
        ),
    ],
)
