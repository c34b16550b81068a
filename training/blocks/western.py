"""Westerns: dust, drought, stubborn people and the land they fight over."""

GENRE = dict(
    name="western",
    ages=["adult", "elder", "teen"],
    audiences=["adult readers", "readers who like westerns", "older teens and adults"],
    tones=["gritty", "hopeful", "sun-baked", "stoic", "quietly heroic"],
    styles=[
        "classic western oil painting",
        "sun-bleached cinematic photograph",
        "dusty sepia-toned illustration",
        "painterly western movie poster art",
    ],
    moods=["gritty sun-baked mood", "lonely frontier atmosphere", "stoic heroic mood"],
    settings=[
        dict(
            place="Redemption Flats, a dusty cattle town in a dry valley",
            spot="Redemption Flats",
            scene=[
                "a dusty frontier main street with wooden storefronts",
                "a dry valley town under a huge sky",
            ],
            light=[
                "harsh midday sun",
                "blazing orange sunset",
                "blue twilight with the first stars",
            ],
            details=[
                "Dust blew down the main street and piled against the boardwalks like dry snow.",
                "The saloon piano played the same three songs, two of them badly.",
                "A water tower stood over the town, and everyone looked at it first thing each morning.",
                "Horses dozed at the hitching rails with one hind hoof cocked.",
                "The church bell had cracked in the cold winter of '71 and rang flat ever since.",
                "Tumbleweeds rolled through town as if they had somewhere better to be.",
            ],
        ),
        dict(
            place="the Long Trail, a cattle drive from the southern ranges to the railhead",
            in_place="on the Long Trail, a cattle drive from the southern ranges to the railhead",
            spot="the trail",
            in_spot="on the trail",
            scene=[
                "a cattle drive crossing open prairie",
                "a campfire under a vast starry prairie sky",
            ],
            light=["golden prairie dawn", "red dust at sunset", "campfire light under stars"],
            details=[
                "Two thousand head of cattle moved across the grass like a slow brown river.",
                "The chuck wagon rattled behind, its pots banging like a marching band.",
                "At night the riders sang to the herd to keep it calm, and the coyotes sang back.",
                "The prairie ran flat to every horizon, broken only by the shadows of clouds.",
                "Everything tasted of dust: the coffee, the beans, even the water.",
                "Thunderheads piled up in the west every afternoon and mostly came to nothing.",
            ],
        ),
        dict(
            place="Copper Gulch, a mining camp in the red canyons",
            spot="Copper Gulch",
            scene=[
                "a rough mining camp in red rock canyons",
                "wooden mine entrances in a red canyon wall",
            ],
            light=[
                "hot red canyon light",
                "lantern light inside a mine",
                "cool violet dusk on red rock",
            ],
            details=[
                "The canyon walls glowed red and gold, striped like a layer cake.",
                "Picks rang in the tunnels from dawn until long after dark.",
                "Tents and shacks clung to the slopes as if they might slide off at any moment.",
                "Mules hauled ore carts down the track, braying at every turn.",
                "The creek ran orange with the tailings from the mines.",
                "At night the canyon echoed so well that a cough could be heard a mile away.",
            ],
        ),
    ],
    cast=[
        dict(
            role="schoolteacher",
            look="in a wide-brimmed hat",
            where=[0, 2],
            ages=["adult", "elder"],
        ),
        dict(role="cattle drover", look="in a sweat-stained hat and leather chaps", where=[0, 1]),
        dict(role="water dowser", look="holding a forked hazel stick", where=[0, 1, 2]),
        dict(role="blacksmith", look="in a sooty leather apron", where=[0, 2]),
    ],
    plots=[
        dict(
            where=[0, 2],
            titles=["The Dowser", "Water Under the Stone", "The Forked Stick"],
            hook="is the only one who believes there is still water under the parched ground",
            goal="to find a new well before the town's water runs out",
            obstacle="A cattle baron has bought every known spring and is waiting for the town to give up and sell.",
            picture=[
                "walking a cracked dry field holding a forked stick",
                "standing beside a gushing new well in a dusty town",
            ],
            beats=[
                "It had not rained in {spot} for eleven months. The creek was a line of cracked mud, and the water tower, which people still looked at every morning, was nearly empty. Meanwhile a man named Garrison had quietly bought every spring for thirty miles, and was waiting, with great patience, for the town to sell to him for nothing.",
                "{Name} had found water before, with a forked stick and what {his} grandmother used to call listening. Most people laughed at dowsing. But people who are thirsty laugh less, and when {name} set off across the dry flats with {his} stick held out before {him}, a small crowd followed at a distance, pretending they were not.",
                'For four days the stick did nothing. {Detail} On the fifth, in a place nobody would have chosen, a stony patch behind the old church, it twisted in {name}\'s hands so hard that the bark tore {his} palms. "Here," {he} said. Garrison, who had ridden over to watch, laughed out loud. "There\'s nothing under there but rock."',
                "They dug anyway, everyone who could hold a shovel, taking turns through the heat of the day. At twenty feet they hit rock, and Garrison laughed again. At thirty feet the rock was damp. At thirty-four feet someone's pick broke through, and cold water came up so fast that the digger had to be hauled out by the armpits, soaked and whooping.",
                "The well in {spot} has never run dry. Garrison sold his springs back, one by one, at a fair price, and left for the city. {Name} still has the forked stick, hanging over the door. When people ask whether dowsing really works, {he} says it does not matter much: a town that will dig thirty-four feet together can find just about anything.",
            ],
        ),
        dict(
            where=[1],
            titles=["Stampede", "The Night Herd", "Singing to the Cattle"],
            hook="is the youngest rider on a cattle drive when a stampede scatters the herd at night",
            goal="to turn the herd before it runs off the edge of a river bluff",
            obstacle="The trail boss is injured, the night is black, and the other riders are miles behind.",
            picture=[
                "galloping beside a stampeding herd in the dark",
                "riding alone at dawn among calm cattle on the prairie",
            ],
            beats=[
                'Thunder cracked right over the herd at midnight, and two thousand cattle were on their feet and running before the echo died. {Name} was on night watch with the trail boss. {He} saw the boss\'s horse go down in the dark and heard him shout one word, "River!", before the herd swept past like a flood.',
                "{Name} knew what the word meant. Three miles ahead, the prairie ended at a bluff above the river, sixty feet straight down. {He} put {his} heels to {his} horse and rode. {Detail} The dark was total, broken only by lightning that showed horns and dust and rolling eyes, and then the dark again, full of hooves.",
                "The old hands had taught {him} the only trick there was: get to the front, turn the leaders, and the rest will follow. {Name} rode along the edge of the herd, low over {his} horse's neck, the ground shaking under {him}, until {he} was level with the lead steer, a huge brindled animal with one broken horn.",
                "{He} pressed in close, waving {his} hat and yelling, and the steer swerved a little. Then a little more. Then, as if someone had turned a great wheel, the whole herd curved away from the bluff and began to circle, slowing, milling, until at last it stood still, steaming in the rain. {Name} sat on {his} trembling horse and began, very softly, to sing.",
                "The others found {him} at dawn, still singing, with the herd grazing calmly around {him} and the river bluff a quarter of a mile away. The trail boss, his leg splinted, rode up on the chuck wagon and looked at the bluff for a long time. That evening {name} ate first at the fire, which on the trail is the only medal anybody gives.",
            ],
        ),
        dict(
            where=[0, 2],
            titles=["Lessons", "The Schoolhouse", "Reading by Lamplight"],
            hook="opens a school for children who have never had one",
            goal="to keep the school open despite threats from powerful men",
            obstacle="The mine owner wants the children working, not learning, and has threatened to burn the schoolhouse down.",
            picture=[
                "teaching a room full of children in a wooden schoolhouse @",
                "standing on a schoolhouse step facing riders at dusk",
            ],
            beats=[
                "The schoolhouse was a shed with one window, three benches and a stove that smoked, but on the first day eleven children came, and on the second day nineteen. {Name} taught them their letters with chalk on slates, and taught them numbers with pebbles, and taught them the names of the stars from the doorstep after dark.",
                'The mine owner, a heavy man named Pruitt, came on the third week. He did not get off his horse. "These children are needed in the mines," he said. "Reading won\'t fill their bellies." {Detail} Then he said, quietly, that buildings in {spot} caught fire easily in a dry summer, and rode away.',
                "{Name} did not sleep that night. {He} sat in the schoolhouse doorway with a lamp and a shotgun {he} did not know how to use, and at dawn, to {his} surprise, {he} was not alone. The blacksmith had come, and the widow from the boarding house, and the parents of every single child, some of them still black with the dust of the mine.",
                "They came every night after that, taking turns to sit on the step. And because they were sitting there anyway, with nothing to do, {name} began to teach them too. Miners who had never held a pencil learned to write their names. A grandmother learned to read her Bible. Pruitt's riders came once, saw forty people reading by lamplight, and turned back.",
                "The schoolhouse in {spot} is made of brick now, with six windows and a bell. The children who sat on its first benches grew up to be clerks and engineers, a doctor, two teachers and a mayor. {Name}'s first slate hangs beside the door, and on it, in careful chalk protected under glass, are the first words {he} ever taught: We can.",
            ],
        ),
        dict(
            where=[0, 2],
            titles=["The Stranger's Horse", "A Horse Called Trouble", "The Last Ride of the Gray"],
            hook="takes in a half-wild horse that a stranger abandoned in the night",
            goal="to gentle the horse enough to ride in the autumn race",
            obstacle="Everyone says the horse is a killer, and the stranger who left it may be coming back for it.",
            picture=[
                "reaching a hand toward a wild gray horse in a corral",
                "racing a gray horse across a dusty plain at sunset",
            ],
            beats=[
                "The horse was tied to {name}'s fence one morning with no note and no saddle: a tall gray mare with a white scar across her chest and eyes that rolled at every sound. She bit the first man who tried to touch her and kicked the second into a water trough. By noon everyone in {spot} had decided she was a killer.",
                "{Name} did not try to touch her. {He} sat on the fence every evening with a sack of oats, talking about nothing, the weather, the price of flour, the ache in {his} knees. {Detail} After a week the mare stopped rolling her eyes. After two, she came to the fence. After a month she let {name} rub the scar on her chest, and leaned into {his} hand.",
                "Then the stranger came back. He was thin and quiet, with a hat pulled low, and he stood at the fence for a long time watching the mare eat from {name}'s palm. \"She was my wife's,\" he said at last. \"She wouldn't let anyone near her after the fire. I couldn't bear to see her, and I couldn't bear to shoot her.\"",
                "{Name} offered to give her back. The stranger shook his head. Instead he stayed the winter, sleeping in the barn, and the two of them worked the mare together, slowly, patiently, until she would take a saddle, and then a rider, and then, one bright cold morning, the stranger himself, who cried the whole way around the corral.",
                "In the autumn race the gray mare came in second, ridden by {name}, and she ran the last furlong with her ears pricked as if she were enjoying it. The stranger was at the finish. He did not take her back; he took a job at the livery instead, and stayed. People in {spot} still call the mare a killer, but only as a joke, and only when she steals their hats.",
            ],
        ),
    ],
)
