"""Names, teams and places of the demo organisation."""

PASSWORD = "demo-stars"
HR_EMAIL = "hr@demo.example"
EMPLOYEE_EMAIL = "ada@demo.example"

# (site, country, time zone, language, how many people)
SITES = (
    ("Leeds", "GB", "Europe/London", "en", 62),
    ("Glasgow", "GB", "Europe/London", "en", 30),
    ("Shenzhen", "CN", "Asia/Shanghai", "zh_Hans", 54),
    ("Hyderabad", "IN", "Asia/Kolkata", "te", 54),
)

# (team, department)
TEAMS = (
    ("Billing Care", "Customer Care"),
    ("Technical Support", "Technical Support"),
    ("Customer Onboarding", "Customer Success"),
    ("Retention", "Customer Care"),
    ("Social Media Care", "Digital Care"),
)

JOB_TITLES = ("Customer Service Advisor", "Senior Advisor", "Support Specialist",
              "Customer Success Associate", "Care Consultant")

ENGLISH_FIRST = ("Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Mia", "Noah", "Grace",
                 "Leo", "Freya", "Arthur", "Lily", "Oscar", "Evie", "Theo", "Poppy", "Finley", "Ruby",
                 "Callum", "Eilidh", "Rory", "Niamh", "Fraser", "Morag", "Ewan", "Kirsty", "Priya", "Tariq")
ENGLISH_LAST = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
                "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
                "Campbell", "MacDonald", "Stewart", "Murray", "Khan", "Okafor", "Hughes")

# (family name, given name, pinyin for the email)
CHINESE_FAMILY = (("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
                  ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
                  ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"))
CHINESE_GIVEN = (("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
                 ("磊", "lei"), ("强", "qiang"), ("洋", "yang"), ("艳", "yan"), ("杰", "jie"),
                 ("婷", "ting"), ("浩", "hao"), ("欣怡", "xinyi"), ("子涵", "zihan"), ("宇轩", "yuxuan"),
                 ("梓萱", "zixuan"), ("俊杰", "junjie"), ("雨桐", "yutong"))

# (Telugu script, transliteration for the email)
TELUGU_FIRST = (("లక్ష్మి", "lakshmi"), ("శ్రీనివాస్", "srinivas"), ("రవి", "ravi"), ("సాయి", "sai"),
                ("ప్రియ", "priya"), ("కిరణ్", "kiran"), ("అనిత", "anitha"), ("వెంకట్", "venkat"),
                ("దీప్తి", "deepthi"), ("మహేష్", "mahesh"), ("స్వాతి", "swathi"), ("రాజు", "raju"),
                ("కవిత", "kavitha"), ("సురేష్", "suresh"), ("హరిత", "haritha"), ("అర్జున్", "arjun"))
TELUGU_LAST = (("రెడ్డి", "reddy"), ("రావు", "rao"), ("నాయుడు", "naidu"), ("చౌదరి", "chowdary"),
               ("వర్మ", "varma"), ("శర్మ", "sharma"), ("గౌడ్", "goud"), ("ప్రసాద్", "prasad"))
