"""Stories of the demo organisation, in English, Chinese and Telugu: (language, title, story, impact)."""

STORIES = (
    ("en", "Stayed on the line until the heating worked",
     "A pensioner called on the coldest night of the year because her boiler had stopped after a billing "
     "mix-up. {name} stayed on the line for **an hour**, walked her through the reset step by step, and "
     "called back the next morning to make sure the house was still warm.",
     "She told us it was the first warm night in a week."),
    ("en", "Turned a complaint into a thank-you card",
     "The customer was furious about a double charge and had already been transferred three times. {name} "
     "listened without interrupting, fixed the refund while he waited, and explained *exactly* what had gone "
     "wrong so it would not happen again.",
     "He sent a handwritten card to the team the following week."),
    ("en", "Remembered every detail",
     "{name} recognised a returning customer by her voice, remembered that her daughter had just started "
     "university, and asked how it was going before solving the problem. Small things, but the customer "
     "said it felt like talking to a friend.",
     ""),
    ("en", "Found a way when the system said no",
     "The order could not be changed after dispatch, according to the system. {name} called the courier, "
     "arranged a redirect to the hospital where the customer's husband was staying, and kept her updated "
     "every two hours until it arrived.",
     "The parcel arrived in time for his birthday."),
    ("en", "Calm with a very upset caller",
     "A caller shouted for ten minutes about a broken router during his home-working day. {name} stayed "
     "patient, never took it personally, and had him back online with a replacement courier booked:\n\n"
     "- diagnosed the fault remotely\n- set up a mobile hotspot for the afternoon\n- booked next-day delivery",
     "He apologised at the end of the call and thanked her by name."),
    ("en", "Answered in minutes, not days",
     "A small business owner emailed late on Friday because card payments had stopped in her shop. {name} "
     "picked it up within minutes, found the expired certificate and had payments running again before the "
     "evening rush.",
     "She kept her busiest evening of the month."),
    ("zh_Hans", "耐心帮助老人完成线上缴费",
     "一位七十多岁的老人第一次使用手机缴费，操作中多次出错，情绪很着急。{name}一步一步地耐心讲解，"
     "还专门整理了图文说明发给老人，直到他顺利完成缴费。老人说从来没有遇到这么有耐心的客服。",
     "老人后来特地打电话来表示感谢。"),
    ("zh_Hans", "深夜为客户解决网络故障",
     "客户在深夜准备重要的线上面试，网络却突然中断。{name}迅速排查问题，远程指导客户重新配置路由器，"
     "并一直保持联系，直到网络恢复，面试顺利进行。",
     "客户后来告诉我们，她拿到了这份工作。"),
    ("zh_Hans", "记住每位客户的需求",
     "{name}总是记得老客户的特殊需求，比如哪位客户需要大字版账单，哪位客户只方便下午接电话。"
     "这些细节让客户感受到真正的关心，而不是冷冰冰的流程。",
     ""),
    ("te", "వృద్ధ కస్టమర్‌కు ఓపికగా సహాయం",
     "ఒక వృద్ధ కస్టమర్ మొదటిసారి ఆన్‌లైన్‌లో బిల్లు చెల్లించడానికి ప్రయత్నించారు, కానీ చాలా ఇబ్బంది పడ్డారు. "
     "{name} ప్రతి అడుగునూ ఓపికగా వివరించారు, చెల్లింపు పూర్తయ్యే వరకు లైన్‌లోనే ఉన్నారు.",
     "కస్టమర్ మళ్ళీ ఫోన్ చేసి కృతజ్ఞతలు చెప్పారు."),
    ("te", "అర్ధరాత్రి సమస్యను పరిష్కరించారు",
     "ఒక చిన్న వ్యాపార యజమాని దుకాణంలో కార్డ్ చెల్లింపులు ఆగిపోయాయి. {name} వెంటనే స్పందించి, సమస్యను "
     "కనుగొని, కొద్ది నిమిషాల్లోనే చెల్లింపులను మళ్ళీ పనిచేసేలా చేశారు.",
     "ఆ రోజు వ్యాపారం నష్టపోలేదు."),
    ("te", "ప్రతి కస్టమర్‌ను గుర్తుంచుకుంటారు",
     "{name} తిరిగి వచ్చే కస్టమర్లను వారి పేరుతో పలకరిస్తారు, వారి గత సమస్యలను గుర్తుంచుకుంటారు. "
     "కస్టమర్లు ఒక నంబర్‌లా కాకుండా ఒక మనిషిలా అనుభూతి చెందుతారు.",
     ""),
)

TEAM_STORY = ("en", "The team that kept the lights on during the storm",
              "When the storm took down two call centres, {name} reorganised shifts overnight, covered each "
              "other's queues and kept average waiting times under three minutes for the whole week.",
              "Thousands of customers got through on the worst week of the year.")
