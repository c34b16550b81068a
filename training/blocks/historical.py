"""Historical fiction: real-feeling places and trades, told close to one person."""

GENRE = dict(
    name="historical fiction",
    ages=["adult", "teen", "elder"],
    audiences=["adult readers", "readers of historical fiction", "young adults"],
    tones=["atmospheric", "dramatic", "bittersweet", "hopeful", "rich"],
    styles=[
        "Renaissance-style oil painting",
        "vintage 1920s poster art",
        "period drama film still",
        "classical oil painting with rich textures",
    ],
    moods=["rich historical atmosphere", "dramatic period mood", "nostalgic old-world mood"],
    settings=[
        dict(
            place="a painter's workshop in Florence in the spring of 1503",
            spot="the workshop",
            scene=[
                "a Renaissance painter's workshop full of canvases",
                "terracotta rooftops of old Florence",
            ],
            light=[
                "warm Tuscan afternoon light",
                "candlelight on oil paint",
                "soft north light from a high window",
            ],
            details=[
                "The workshop smelled of linseed oil, crushed pigments and sawdust.",
                "Apprentices ground colors at a long bench, their fingers stained blue and ochre.",
                "Half-finished saints and angels leaned against every wall, waiting for their faces.",
                "Through the high window came the bells of a dozen churches, never quite together.",
                "The master's dog slept under the easel and had been painted into three altarpieces.",
                "Down in the street, a mule cart was stuck again, and everyone had an opinion about it.",
            ],
        ),
        dict(
            place="the Blue Heron, a jazz club in Chicago in 1926",
            spot="the Blue Heron",
            scene=[
                "a smoky 1920s jazz club with a small stage",
                "a rainy 1920s city street outside a club",
            ],
            light=[
                "smoky amber stage light",
                "glittering chandelier light",
                "wet neon reflections on pavement",
            ],
            details=[
                "Cigarette smoke hung under the ceiling in slow blue clouds.",
                "The band played so hot that the glasses on the bar rattled in time.",
                "Men in good hats and women in beaded dresses crowded every table.",
                "Behind the bar, the coffee cups held something stronger than coffee.",
                "Rain shone on the street outside, and the elevated train rattled past every nine minutes.",
                "The piano had a cigarette burn on every key but middle C.",
            ],
        ),
        dict(
            place="a fog-bound London street in the winter of 1888",
            in_place="on a fog-bound London street in the winter of 1888",
            spot="the street",
            in_spot="on the street",
            scene=[
                "a foggy Victorian London street with gas lamps",
                "a cluttered Victorian inventor's attic",
            ],
            light=[
                "yellow gaslight in thick fog",
                "grey winter daylight",
                "firelight in a cluttered attic",
            ],
            details=[
                "The fog was so thick that the gas lamps made small yellow rooms in it and lit nothing else.",
                "Cab horses clattered past, unseen, their harness bells muffled in the murk.",
                "Soot fell with the snow, so that by noon every drift was grey.",
                "Street sellers called out the price of hot chestnuts and baked potatoes.",
                "The river smelled, as it always did, of coal and tide and things better not named.",
                "From the upper windows came the whir and clatter of a hundred small workshops.",
            ],
        ),
    ],
    cast=[
        dict(
            role="painter's apprentice",
            look="in a paint-spattered smock",
            where=[0],
            ages=["teen", "adult"],
        ),
        dict(role="jazz singer", look="in a beaded silver dress", where=[1]),
        dict(role="clockmaker", look="in a waistcoat with a jeweler's loupe", where=[2]),
        dict(role="inventor", look="in a leather apron and brass goggles", where=[2]),
        dict(role="piano player", look="in a sharp pinstriped suit", where=[1]),
    ],
    plots=[
        dict(
            where=[0],
            titles=["The Apprentice's Angel", "The Face of the Angel", "Lapis"],
            hook="is secretly asked to finish the master's most important painting after the master falls ill",
            goal="to complete the angel's face before the patron arrives",
            obstacle="If anyone learns that an apprentice painted it, the commission, and the workshop, will be ruined.",
            picture=[
                "painting the face of an angel on a large canvas by candlelight",
                "grinding blue pigment at a wooden bench",
            ],
            beats=[
                'The master had been feverish for nine days, and the altarpiece was due in six. Everything was finished except the angel\'s face: a pale oval left blank in the middle of all that gold and blue. On the tenth night the master called {name} to his bedside and said, in a whisper, "You will do it. And no one will ever know."',
                "{Name} had ground colors for four years and painted the folds of sleeves and the leaves of trees, never a face. {He} worked only at night, after the others had gone home. {Detail} {He} painted the face eleven times and scraped it off eleven times. None of them looked like an angel. They looked like paintings of one.",
                "On the fourth night, exhausted, {name} fell asleep at the bench and woke at dawn to find {his} little sister, who had brought {him} bread, asleep in the corner with the light from the window on her face. {He} did not think. {He} picked up {his} brush and painted her, quickly, before the light could move.",
                'When the patron came, he stood in front of the altarpiece for a long time without speaking. Then he asked the master, who had got up from his bed for the occasion, where he had found such a face. The master looked at {name} across the room and said only, "In the morning light," which was true.',
                "The altarpiece still hangs in a small church outside Florence. The guidebooks give it to the master, and {name} never corrected them. But in the corner of the painting, hidden in the fold of the angel's robe where only someone looking very closely would see it, there is a tiny letter painted in blue: the first letter of {name}'s name.",
            ],
        ),
        dict(
            where=[1],
            cast=[1],
            titles=["The Lost Voice", "Blue Heron Blues", "The Last Set"],
            hook="loses {his} singing voice on the night of the most important show of {his} life",
            goal="to find a way to perform when a famous talent scout is in the audience",
            obstacle="The club owner will replace {him} with a rival if the show is cancelled.",
            picture=[
                "standing alone in a spotlight on a smoky jazz stage",
                "sitting at a piano in an empty club after closing",
            ],
            beats=[
                "{Name} woke on the most important day of {his} life and could not sing. {He} could barely speak: a croak, a whisper, a squeak that cracked in the middle. The scout from the big record company was coming to {spot} that night, the one who could make a career in an evening, and the club owner had already said what would happen if {name} did not appear.",
                "{He} tried honey, lemon, hot water and a raw egg that the doorman swore by. {Detail} By eight o'clock {his} voice was a little better, and a little better was nowhere near enough. The rival singer, a smooth young thing who had been waiting for this for a year, was already in the dressing room, warming up loudly.",
                'Then the old piano player, who had said perhaps fifty words to {name} in three years, knocked on {his} door. "Don\'t sing big," he said. "Sing small. Sing like it\'s three in the morning and there\'s nobody left but you and me." {Name} stared at him. "Trust me," he said. "I\'ve heard you, after hours."',
                "So {name} walked out into the spotlight, pulled the microphone close and sang in a voice barely above a whisper, rough and cracked and tired. The room, which had been loud, went quiet. Then it went very quiet. By the end of the first song, people had stopped drinking. By the end of the third, a woman near the front was crying into her napkin.",
                "The scout signed {name} that night, and the record they made became famous for exactly that sound: small, worn, close, as if it were being sung to one person only. {He} got {his} big voice back a week later, but {he} never used it on that song again. And {he} never recorded anything without the old piano player, who finally told {him} his first name.",
            ],
        ),
        dict(
            where=[2],
            titles=["The Clockwork Heart", "Mechanism", "The Automaton of Fog Street"],
            hook="builds a clockwork automaton to win a prize that would save the family business",
            goal="to finish the machine before the exhibition opens at the end of the week",
            obstacle="A wealthy rival has stolen the drawings and plans to present the invention as his own.",
            picture=[
                "adjusting the gears of a brass clockwork automaton",
                "presenting a brass automaton to a crowd in a grand exhibition hall @",
            ],
            beats=[
                "The shop had been losing money for years, ever since the big factory opened by the river and began making clocks by the thousand. The prize at the winter exhibition was five hundred pounds, enough to pay every debt. {Name} meant to win it with an automaton: a brass figure that could write a letter, dip its pen, and sign its name.",
                "It took eight months, and on the last week someone broke into the workshop and took every drawing. {Name} did not have to wonder who. A wealthy man named Fenwick had visited only days before, full of compliments and questions, and that afternoon the newspapers announced that Fenwick himself would present a writing automaton at the exhibition.",
                "{Name} still had the machine, half finished. {He} did not have the drawings, and there was no time to make them again. {Detail} So {he} worked from memory, for four days and four nights, on bread and tea, fitting the last gears by lamplight with hands that shook from tiredness. On the last night, on an impulse, {he} changed the letter the automaton would write.",
                "At the exhibition, Fenwick's automaton wrote, very elegantly, a line of poetry. It was greatly admired. Then {name}'s automaton, less polished, dipped its pen and wrote in a clear, careful hand: Fenwick's machine was built from my drawings, and it has a fault in the third gear of the left wrist. Please ask him to fix it. The judges asked. He could not.",
                "The prize paid the debts of {name}'s shop, with enough left over to hire two apprentices. Fenwick left for the Continent. The automaton stands in the shop window now, and every day at noon it writes the same short letter for the crowd outside, signing it with a flourish. The letter says: Made by hand, in this shop, by someone who remembers everything.",
            ],
        ),
        dict(
            where=[0],
            titles=["The Forgery", "A Copy of a Copy", "The Honest Fake"],
            hook="is ordered by a dishonest employer to forge a famous work and pass it off as genuine",
            goal="to refuse without losing the only job that keeps {his} family fed",
            obstacle="The buyer is a powerful man, and the employer has made it clear that refusing has a price.",
            picture=[
                "copying an old masterpiece by lamplight",
                "hiding a small signature in the corner of a canvas",
            ],
            beats=[
                'The order came late on a Friday, in a low voice, with the door closed. A rich collector wanted a famous piece that was not for sale, and {name}\'s employer meant to sell him a copy and swear it was the original. {Name} was the only one in {spot} skilled enough to make it. "You\'ll be paid well," the employer said, "or you\'ll be out on the street. Your choice."',
                "{Name} went home and did not sleep. {He} thought of {his} mother, and {his} younger brothers, and the rent. {He} also thought of {his} father, who had always said that a craftsman's name is the only thing nobody can take from you, unless you give it away. {Detail} By morning {name} had made a decision, and it was not one either choice had offered.",
                "{He} made the copy. {He} made it with every bit of skill {he} had, so perfect that {his} own hands shook to look at it. And in one place, where nobody would look unless they knew exactly where, {he} hid a small, clear mark: {his} own initials, and beside them the word copy, in letters no bigger than a grain of rice.",
                "The collector brought his own expert, as such men always do. The expert looked for an hour with a glass, found the mark, and laughed so hard that he had to sit down. The employer was ruined by the end of the month. The collector, who had a sense of humor, bought the copy anyway, at a fair price, and asked to meet the maker.",
                "He gave {name} work of {his} own for years afterwards, honest commissions with {his} own name on them. The copy hangs in his house still, beside the original, which he later bought for a great deal more. Visitors are invited to guess which is which. Almost nobody can, until the old man hands them a magnifying glass and tells them where to look.",
            ],
        ),
    ],
)
