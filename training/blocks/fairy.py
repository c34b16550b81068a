"""Fairy tales for young children: small magic, kind endings."""

GENRE = dict(
    name="fairy tale",
    ages=["child"],
    audiences=["young readers", "children aged five to nine", "a bedtime story for small children"],
    tones=["whimsical", "warm", "gentle", "playful", "cozy"],
    styles=[
        "watercolor storybook illustration",
        "gouache children's book art",
        "soft pastel picture book illustration",
        "hand-drawn ink and watercolor",
    ],
    moods=["whimsical cozy mood", "gentle magical atmosphere", "warm storybook feeling"],
    settings=[
        dict(
            place="the village of Thimbleford, at the edge of the Whispering Wood",
            spot="Thimbleford",
            scene=["thatched cottages beside an enchanted forest", "a crooked village green"],
            light=[
                "soft golden morning light",
                "warm lantern glow at dusk",
                "misty blue moonlight",
            ],
            details=[
                "Crooked chimneys puffed blue smoke into the sky.",
                "The Whispering Wood rustled at the end of every lane, as if it were telling secrets to itself.",
                "Geese marched across the green like a small and very noisy army.",
                "Every doorstep had a pot of marigolds, because an old queen had once said she liked them.",
                "The baker's cart rattled past, leaving a smell of warm cinnamon behind it.",
                "Somewhere a goat was complaining, as goats in Thimbleford always were.",
            ],
        ),
        dict(
            place="the great kitchens of Castle Merrowdown",
            spot="the castle kitchens",
            scene=[
                "a vast castle kitchen with copper pots",
                "a stone kitchen with a roaring hearth",
            ],
            light=[
                "flickering firelight",
                "warm amber hearth glow",
                "dusty beams of afternoon sun",
            ],
            details=[
                "Copper pots hung from the rafters like a row of sleepy moons.",
                "The great hearth was so big that two cooks could stand inside it, if the fire was out.",
                "Bread dough sighed under damp cloths along the window sill.",
                "The kitchen cat slept on the warmest flagstone and moved for nobody, not even the king.",
                "Steam curled from a dozen pots, and the whole room smelled of onions and honey.",
                "A hundred spoons clinked on their hooks whenever a door slammed upstairs.",
            ],
        ),
        dict(
            place="Skelter Down, a windy hill where a hundred windmills turned",
            in_place="on Skelter Down, a windy hill where a hundred windmills turned",
            spot="Skelter Down",
            in_spot="on Skelter Down",
            scene=[
                "a grassy hill crowded with windmills",
                "windmills against a sky of racing clouds",
            ],
            light=["bright breezy morning light", "pink sunset light", "silver starlight"],
            details=[
                "The windmills creaked and turned, creaked and turned, all day long.",
                "Kites tangled in the sails so often that the millers kept long poles just to free them.",
                "The wind smelled of clover and, on baking days, of fresh flour.",
                "Sheep leaned into the breeze with their eyes half closed.",
                "From the top of the hill you could see seven villages and one very small sea.",
                "Washing flapped on every line like flags for a party nobody had planned.",
            ],
        ),
    ],
    cast=[
        dict(role="goose-herd", look="with a willow switch and muddy boots"),
        dict(role="kitchen helper", look="in a flour-dusted apron"),
        dict(role="tinker's apprentice", look="with a satchel of tiny tools"),
        dict(role="miller's helper", look="in a patched red cloak"),
    ],
    plots=[
        dict(
            titles=[
                "The Star in the Cabbage Patch",
                "{Name} and the Little Star",
                "A Star Goes Home",
            ],
            hook="finds a small fallen star sizzling among the cabbages",
            goal="to carry it back up to the sky before it fades",
            obstacle="The only way up is the Old Stair, and the stair only appears for someone who is not afraid of the dark.",
            picture=[
                "cradling a small glowing star in cupped hands",
                "climbing a spiral stair of light into the night sky @",
            ],
            beats=[
                "The star landed on a [Tuesday|Thursday] night with a soft hiss, like a kettle being lifted off the fire. {Name} found it at dawn, curled between two cabbages and glowing the pale yellow of a buttercup. It was no bigger than a plum. When {he} picked it up, it was warm, and it gave a tiny, sad flicker that made {his} chest ache.",
                'By noon the star was dimmer. Old [Granny Wren|Mother Hettie|Grandmother Maud] peered at it over her spectacles and said that a star out of the sky lasts three days at most. "There is the Old Stair," she said slowly, "but it only comes out at night, and it only lets up those who are not afraid of the dark." {Name} was very much afraid of the dark, and slept with a candle every night.',
                "That night {name} wrapped the star in a [wool sock|handkerchief|mitten] and walked to the top of the hill. The stair was there, pale and twisting, climbing into nothing. Halfway up, the wind blew out {his} candle. The dark pressed close on every side, and {name} stood very still, holding {his} breath and counting [heartbeats|steps|stars].",
                "Then the star wriggled free of its wrapping. In the dark it shone brighter than it ever had in daylight, and every step above glittered in its light. {Name} saw that the dark was not empty at all. It was full of [moths|owls|soft wings] and the slow breathing of the sleeping world, and none of it wanted to hurt {him}.",
                "At the very top, {name} lifted the star as high as {his} arms would reach. It hopped off {his} fingers like a cricket and went spinning up to its place. Ever since, one small star over {spot} blinks twice every night, and {name} blinks twice back from an open window, with no candle at all.",
            ],
        ),
        dict(
            where=[0, 2],
            titles=[
                "The Dragon Who Feared the Rain",
                "A Cloak for a Dragon",
                "{Name} and the Damp Dragon",
            ],
            hook="meets a young dragon hiding in the barn because it is terrified of rain",
            goal="to help the dragon get home to its mountain before the autumn storms",
            obstacle="Every grown-up in the village wants to chase the dragon away with pitchforks.",
            picture=[
                "sharing an umbrella with a small green dragon",
                "leading a shy young dragon along a rainy lane",
            ],
            beats=[
                'The dragon was no bigger than a pony and much more nervous. {Name} found it behind the hay bales, trembling, with its tail wrapped around its nose. Every time a raindrop hit the roof, it squeaked. "Fire and water do not mix," it whispered, "and I am nearly all fire."',
                "News travels fast in {spot}. By supper the grown-ups were talking about pitchforks and buckets, and somebody's uncle was sharpening a rake. {Name} listened from the stairs and felt sick. The dragon had done nothing worse than eat three turnips and apologize for each one.",
                "So {name} made a plan. {He} sewed together every old oilcloth [table cover|raincoat|apron] {he} could find until {he} had a cloak big enough for a very small dragon. It was lumpy and it smelled of [pickles|fish|candle wax], but when {name} held a watering can over it, not one drop got through.",
                "They left before dawn, the dragon in its lumpy cloak and {name} with a lantern. When the storm broke over the hills, the dragon flinched, then peeked out and laughed. The rain drummed on the oilcloth like fingers on a table, and it did not hurt at all.",
                'At the foot of the mountain the dragon breathed one careful puff of warm air over {name}\'s cold hands. "For the road home," it said. Every autumn after that, when the first storm rolled in, a warm wind came down from the mountain and dried the washing in {spot} in a single afternoon, and nobody ever mentioned pitchforks again.',
            ],
        ),
        dict(
            titles=[
                "The Bread That Would Not Rise",
                "A Song for the Dough",
                "{Name} and the Sulky Loaves",
            ],
            hook="discovers that every loaf of bread in the place has stopped rising",
            goal="to find out why before the queen's birthday feast",
            obstacle="The head baker blames a curse, and nobody will listen to a child.",
            picture=[
                "kneading a giant lump of dough and singing",
                "peering into a warm brick oven full of golden loaves",
            ],
            beats=[
                "On Monday the loaves came out as flat as doormats. On Tuesday they were flatter. By Wednesday the head baker was pulling at his moustache and saying the word curse so often that the other cooks began to whisper it too. The queen's birthday was on Saturday, and she liked her bread tall.",
                "{Name} did not believe in curses, or at least not in this one. {He} noticed things instead. {He} noticed that the bread had stopped rising on the same day old [Bertram|Ambrose|Old Jory], the night baker, had gone away to live with his sister. And {he} noticed that Bertram had always kneaded the dough late at night, when nobody else was awake.",
                "So {name} hid behind the flour sacks and waited. At midnight the dough sat in its bowls, pale and sulky. Nothing happened. Then {name} remembered something about the old baker, something nobody had thought important: he had always sung while he worked, the same silly song about a goose who married a [spoon|teapot|weathervane].",
                "{Name} did not know all the words, so {he} made up the rest. {He} sang to the dough as {he} kneaded it, loudly and badly, with a great deal of feeling. Slowly, like a cat stretching in the sun, the dough began to swell. By morning it had climbed over the rims of the bowls and was reaching for the ceiling.",
                "The queen said it was the best bread she had eaten in forty years. The head baker said nothing at all about curses. And every night after that, if you passed {spot} very late, you could hear a small voice singing about a goose and its unlikely bride, and you could smell the bread getting ready to rise.",
            ],
        ),
        dict(
            where=[0, 2],
            titles=[
                "The Wind That Lost Its Voice",
                "{Name} Finds the North Wind",
                "The Quiet Week",
            ],
            hook="wakes to find that the wind has stopped blowing and every windmill is still",
            goal="to find the North Wind and learn what has made it so sad",
            obstacle="The North Wind lives beyond the Grey Bog, where travelers sink to their knees and get lost in the fog.",
            picture=[
                "walking through fog toward a huge sleepy cloud with a face @",
                "holding up a paper kite on a still, windless hill",
            ],
            beats=[
                "One morning the windmills did not turn. The washing hung limp on the lines, and the kites lay in the grass like tired birds. Without wind there was no flour, and without flour there was no bread, and the whole of {spot} began to look worried. Even the sheep looked worried, which was unusual for sheep.",
                '{Name}\'s grandfather said the North Wind lived beyond the Grey Bog, and that it sometimes sulked. "But a sulk that lasts a week," he said, "is not a sulk. It\'s a sorrow." So {name} packed bread, cheese and a paper kite, and set off alone across the bog, testing each step with a long stick.',
                'The fog was so thick that {name} could not see {his} own boots. {He} sang to keep {his} courage up and followed the smell of cold air until {he} found the North Wind, lying on a hilltop like an enormous grey cloud. It had the saddest face {name} had ever seen. "Nobody flies kites anymore," it sighed. "They only use me for work."',
                "{Name} thought about that. Then {he} unrolled {his} paper kite, held it up, and waited. The North Wind sniffed, and sighed, and finally blew, just a little. The kite leapt into the sky and danced. {Name} laughed out loud, and the wind laughed back, so hard that the fog blew away in rags.",
                "The windmills of {spot} were turning before {name} got home. Now, on the first day of every spring, the whole village climbs the hill to fly kites for no reason at all, and the North Wind comes to play with them. The millers say the flour has never been finer.",
            ],
        ),
    ],
)
