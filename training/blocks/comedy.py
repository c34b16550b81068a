"""Comedy for all ages: things go wrong, then more wrong, then gloriously right."""

GENRE = dict(
    name="comedy",
    ages=["child", "teen", "adult", "elder"],
    audiences=["readers of all ages", "middle-grade readers", "families reading together"],
    tones=["funny", "silly", "cheerful", "absurd", "lighthearted"],
    styles=[
        "bright cartoon illustration",
        "playful comic book art",
        "colorful animated film still",
        "whimsical digital illustration",
    ],
    moods=["joyful comedic mood", "chaotic cheerful energy", "silly lighthearted mood"],
    settings=[
        dict(
            place="the town of Puddlecombe during its annual Giant Vegetable Fair",
            spot="Puddlecombe",
            scene=[
                "a cheerful village fair with bunting and giant vegetables",
                "a tent full of prize-winning vegetables",
            ],
            light=[
                "bright sunny afternoon light",
                "cheerful midday sun",
                "golden light through striped tents",
            ],
            details=[
                "Bunting hung from every lamppost, most of it upside down.",
                "The brass band was playing three different tunes at once and enjoying all of them.",
                "A marrow the size of a canoe was being wheeled through the square on a cart.",
                "Somebody's goat had got loose and was eating somebody else's prize carrots.",
                "The smell of fried onions and candy floss drifted over everything.",
                "The mayor's hat blew off twice before lunch and was returned both times by a dog.",
            ],
        ),
        dict(
            place="Grimsby Academy of Practical Magic, a wizard school with a shortage of good wizards",
            in_place="at Grimsby Academy of Practical Magic, a wizard school with a shortage of good wizards",
            spot="the Academy",
            scene=[
                "a lopsided wizard school with crooked towers",
                "a cluttered classroom of bubbling potions",
            ],
            light=["sparkly magical light", "bright classroom daylight", "green potion glow"],
            details=[
                "The corridors rearranged themselves on Wednesdays, which made everybody late.",
                "A stuffed crocodile hung from the ceiling of the potions room and occasionally sneezed.",
                "The library books had to be chained down, not to stop theft but to stop escapes.",
                "Every staircase had at least one step that was not really there.",
                "The school owl delivered letters with enormous confidence and almost no accuracy.",
                "A faint smell of burnt toast followed the headmaster everywhere, for reasons nobody discussed.",
            ],
        ),
        dict(
            place="the open-plan office of Brinkley and Sons, makers of very ordinary paperclips",
            spot="the office",
            scene=[
                "a busy open-plan office with cluttered desks",
                "an office break room with a coffee machine",
            ],
            light=[
                "flat fluorescent office light",
                "bright morning light through office blinds",
                "late evening office glow",
            ],
            details=[
                "The coffee machine made a noise like a walrus in distress.",
                "Someone had named every potted plant, and there was a rota for talking to them.",
                "The photocopier jammed whenever anyone important walked past.",
                "A motivational poster of a kitten hanging from a branch had been there since 1994.",
                "The fridge contained seven yogurts, all labeled with the same name.",
                "Meetings were held every Monday to plan the other meetings.",
            ],
        ),
    ],
    cast=[
        dict(
            role="amateur gardener",
            look="in muddy wellies and a sun hat",
            where=[0],
            ages=["adult", "elder"],
        ),
        dict(
            role="first-year wizard",
            look="in an oversized pointy hat",
            where=[1],
            ages=["child", "teen"],
        ),
        dict(role="office junior", look="in a crooked tie", where=[2], ages=["adult"]),
        dict(
            role="baker", look="in a flour-covered chef's hat", where=[0], ages=["adult", "elder"]
        ),
        dict(role="accountant", look="in a neat grey suit", where=[2], ages=["adult", "elder"]),
    ],
    plots=[
        dict(
            where=[0],
            titles=["The Giant Marrow", "Too Big to Win", "The Vegetable That Ate Puddlecombe"],
            hook="uses a mysterious fertilizer to grow a prize vegetable that will not stop growing",
            goal="to win the fair's top prize before the vegetable flattens the town",
            obstacle="The vegetable has grown bigger than the tent, and it is still growing.",
            picture=[
                "standing next to a ridiculously enormous green vegetable",
                "chasing a runaway giant vegetable down a village street",
            ],
            beats=[
                "{Name} had never won anything at the fair, not even a rosette for Most Improved. So when a man with a suitcase sold {him} a bottle of Professor Plumtree's Miraculous Growing Tonic, {he} bought two. {He} gave one drop to {his} marrow on Monday. On Tuesday the marrow was the size of a cat. On Wednesday it was the size of a cow.",
                "By Thursday it would not fit through the gate, and by Friday morning, the day of the judging, it had to be brought to the fair by two tractors and a team of very confused horses. {Detail} It was magnificent. It was enormous. And when {name} put {his} ear against it, {he} could hear it quietly creaking as it grew.",
                "The judges measured it three times and had to borrow a longer tape. While they were arguing, the marrow grew across the path, knocked over the jam stall and began to roll, very slowly, down the hill towards the duck pond. Everybody ran after it. The brass band, not knowing what else to do, played faster.",
                "{Name} read the label on the second bottle as {he} ran. In very small print at the bottom it said: Antidote: one spoonful of honey. {He} grabbed a jar from the honey stall, sprinted ahead, and flung it at the marrow just as it reached the pond. With a long, sad sigh, like a balloon at the end of a party, the marrow shrank back to the size of a respectable sofa and stopped.",
                "It won first prize, second prize and a special award for Most Excitement. The marrow fed the whole town for a month. {Name} has kept the empty tonic bottle on the mantelpiece, and the man with the suitcase has never been seen again, though every year, just before the fair, somebody swears they have glimpsed a hat and a suitcase at the edge of the crowd.",
            ],
        ),
        dict(
            where=[1],
            titles=["The Worst Spell in the School", "Hiccups", "{Name} and the Upside-Down Day"],
            hook="accidentally casts a spell that turns the whole school upside down",
            goal="to reverse the spell before the school inspectors arrive at noon",
            obstacle="Nobody knows the counter-spell, and the only teacher who might is stuck on the ceiling.",
            picture=[
                "waving a wand as furniture floats upside down",
                "standing on the ceiling of a topsy-turvy classroom",
            ],
            beats=[
                "It was supposed to be a simple levitation charm, the kind first-years learn in their second week. {Name} said the words, waved {his} wand, and sneezed at exactly the wrong moment. There was a bang, a smell of burnt toast, and a long silence. Then every desk, chair, book, pupil and teacher in the building fell gently upward and landed on the ceiling.",
                "The school inspectors were due at noon. Everybody knew that if they found the building upside down, the Academy would be closed for good. {Detail} The headmaster, standing on the ceiling of his office with his beard hanging up past his face, called an emergency meeting, which was difficult, because the stairs now went the wrong way.",
                "The counter-spell was in a book, and the book was in the library, and the library books, now that they were upside down, had decided to escape. {Name} spent the morning chasing a flock of flapping encyclopedias down corridors that kept rearranging themselves, with half the school shouting advice from the ceiling.",
                "{He} caught the right book at twenty minutes to twelve, hanging from a chandelier by one foot. The counter-spell was easy. It only required the caster to do exactly what {he} had done the first time. So {name} said the words, waved {his} wand, and, with great concentration, sneezed. Everything and everyone fell gently back down to the floor.",
                "The inspectors arrived at noon exactly and found a tidy, quiet, perfectly ordinary school. They gave it their highest mark, and added a note about the unusually good posture of the pupils. Nobody mentioned that the headmaster's beard was still sticking straight up. {Name} was given detention and a small medal, on the same afternoon, by the same teacher.",
            ],
        ),
        dict(
            where=[2],
            titles=[
                "The Great Paperclip Crisis",
                "Employee of the Month",
                "The Day the Paperclips Ran Out",
            ],
            hook="accidentally orders ten million paperclips instead of ten",
            goal="to get rid of them before the boss comes back from holiday on Monday",
            obstacle="The paperclips fill every room, the supplier refuses to take them back, and the boss hates waste more than anything.",
            picture=[
                "buried up to the shoulders in a mountain of paperclips",
                "sitting on a huge sculpture made of paperclips",
            ],
            beats=[
                "It was one extra zero. Well, six extra zeros. {Name} had meant to type ten. The lorries began arriving at nine on Friday morning, and by lunchtime there were paperclips in the corridors, paperclips in the lift, paperclips in the coffee machine, which made an even worse noise than usual, and a shining silver drift of paperclips halfway up the window of the boss's office.",
                "The supplier would not take them back. {Detail} The boss, who was on holiday and due back on Monday, had once sacked a man for using two staples where one would do. {Name} sat on a paperclip dune with {his} head in {his} hands and tried to imagine explaining ten million paperclips to a person like that.",
                "It was the work-experience student, a silent teenager nobody had spoken to all week, who had the idea. She bent a paperclip into a tiny horse. Then she bent another into a tiny rider. By four o'clock the whole office was bending paperclips, and by Saturday night they had built something nobody had planned: a full-size silver elephant, standing in the car park.",
                "The local paper came on Sunday. Then the television. By Sunday evening there was a queue around the building of people who wanted to see the elephant, and a museum had phoned to ask whether it was for sale. The boss came home a day early, having seen it on the news, and walked into the car park with a very strange expression on his face.",
                "The elephant was sold to the museum for a great deal of money. The boss, it turned out, hated waste even more than he hated mistakes, and this was the least wasteful mistake he had ever seen. {Name} is now in charge of ordering supplies, and checks every number three times. The work-experience student has been offered a job, and has politely declined, in order to go to art school.",
            ],
        ),
        dict(
            where=[0, 2],
            titles=["The Cake Disaster", "Seven Tiers of Trouble", "Let Them Eat Cake"],
            hook="is asked to bake an enormous celebration cake and gets every single thing wrong",
            goal="to produce a cake, any cake, before the party begins",
            obstacle="The oven has exploded, the eggs are gone, and three hundred guests are expecting a masterpiece.",
            picture=[
                "covered in flour beside a towering wobbly cake",
                "carrying a giant lopsided cake through a cheering crowd",
            ],
            beats=[
                "The cake was meant to have seven tiers, gold icing and a small sugar swan on top. {Name} had drawn a plan. {He} had bought the ingredients. {He} had set an alarm. Unfortunately, {he} had set it for the wrong day, and so {he} woke on the morning of the party with six hours, no cake and a plan that suddenly looked very ambitious.",
                "The first tier burned. The second tier did not rise. The third tier rose so enthusiastically that it blew the oven door off its hinges. {Detail} By midday {name} was covered in flour from head to foot, the eggs were all gone, and the sugar swan looked more like a worried goose.",
                "Then the neighbors began to arrive, drawn by the smoke. One brought eggs. One brought her grandmother's sponge recipe. One brought a child who turned out to be very good at icing, if rather generous with the sprinkles. Nobody followed the plan. Everybody baked something, and {name} stacked whatever came out of the ovens as high as it would go.",
                "The result was eleven tiers tall, no two the same color, and it leaned like a tower that had had a long day. The sugar swan-goose sat on top at a jaunty angle. It took four people to carry it in, and as they did, it swayed so alarmingly that three hundred guests held their breath at once.",
                "It did not fall. It was, everyone agreed, the ugliest cake they had ever seen and by far the most delicious. People came back for fourth slices. The party ended at two in the morning with a conga line. {Name} now bakes a crooked cake every year, on purpose, and the whole neighborhood helps, and the sugar bird on top gets a little more goose-like every time.",
            ],
        ),
    ],
)
