"""The item categories and escalation ladder a fresh installation starts with; legal edits them in the admin.

Retention: one year for valuables, after which unclaimed property goes to the police (Civil Code art. 318
gives a year after the public notice); documents and cards go back to the issuer or the police quickly;
everything else three to six months. Depreciation: straight-line per year down to a floor.
"""

CATEGORIES: list[dict] = [
    {
        "code": "cash", "name_zh_hans": "现金", "name_en": "Cash",
        "valuable": True, "is_cash": True, "shippable": False,
        "retention_days": 365, "depreciation_percent_per_year": 0, "depreciation_floor_percent": 100,
        "identifying_questions_zh_hans": "大约多少金额？\n有哪些面额、什么币种？\n用什么装着（钱包、信封）？",
        "identifying_questions_en": "About how much was it?\nWhich notes and currency?\nWhat was it kept in (wallet, envelope)?",
    },
    {
        "code": "jewellery", "name_zh_hans": "珠宝首饰", "name_en": "Jewellery", "valuable": True,
        "retention_days": 365, "depreciation_percent_per_year": 5, "depreciation_floor_percent": 50,
        "identifying_questions_zh_hans": "是什么首饰、什么材质？\n有没有刻字或特殊标记？\n大约在哪里、何时购买？",
        "identifying_questions_en": "What piece is it and of what material?\nAny engraving or special mark?\nWhere and when was it bought?",
    },
    {
        "code": "watch", "name_zh_hans": "手表", "name_en": "Watch", "valuable": True,
        "retention_days": 365, "depreciation_percent_per_year": 10, "depreciation_floor_percent": 30,
        "identifying_questions_zh_hans": "品牌和型号？\n表带的材质和颜色？\n表背有没有刻字或编号？",
        "identifying_questions_en": "Brand and model?\nMaterial and colour of the strap?\nAny engraving or serial number on the back?",
    },
    {
        "code": "mobile-phone", "name_zh_hans": "手机", "name_en": "Mobile phone",
        "valuable": True, "holds_personal_data": True,
        "retention_days": 180, "depreciation_percent_per_year": 30, "depreciation_floor_percent": 10,
        "identifying_questions_zh_hans": "品牌、型号和颜色？\n手机壳是什么样的？\n能否解锁，或说出锁屏壁纸？",
        "identifying_questions_en": "Brand, model and colour?\nWhat does the case look like?\nCan you unlock it or describe the lock screen?",
    },
    {
        "code": "laptop-tablet", "name_zh_hans": "笔记本电脑/平板", "name_en": "Laptop / tablet",
        "valuable": True, "holds_personal_data": True,
        "retention_days": 180, "depreciation_percent_per_year": 25, "depreciation_floor_percent": 10,
        "identifying_questions_zh_hans": "品牌、型号和颜色？\n有没有贴纸、保护套或划痕？\n能否登录，或说出用户名？",
        "identifying_questions_en": "Brand, model and colour?\nAny stickers, sleeve or scratches?\nCan you log in or name the user account?",
    },
    {
        "code": "id-document", "name_zh_hans": "身份证件", "name_en": "ID document",
        "valuable": True, "holds_personal_data": True, "shippable": False,
        "retention_days": 30, "depreciation_percent_per_year": 0, "depreciation_floor_percent": 100,
        "identifying_questions_zh_hans": "证件类型？\n证件上的姓名和出生日期？\n签发机关或国家？",
        "identifying_questions_en": "Type of document?\nName and date of birth on it?\nIssuing authority or country?",
    },
    {
        "code": "bank-card", "name_zh_hans": "银行卡", "name_en": "Bank card",
        "valuable": True, "holds_personal_data": True, "shippable": False,
        "retention_days": 30, "depreciation_percent_per_year": 0, "depreciation_floor_percent": 100,
        "identifying_questions_zh_hans": "哪家银行、什么颜色？\n持卡人姓名？\n卡号后四位？",
        "identifying_questions_en": "Which bank and what colour?\nCardholder's name?\nLast four digits of the number?",
    },
    {
        "code": "wallet-purse", "name_zh_hans": "钱包", "name_en": "Wallet / purse", "valuable": True,
        "retention_days": 180, "depreciation_percent_per_year": 20, "depreciation_floor_percent": 20,
        "identifying_questions_zh_hans": "品牌、颜色和材质？\n里面有哪些东西（证件、卡、现金金额）？",
        "identifying_questions_en": "Brand, colour and material?\nWhat was inside (cards, documents, how much cash)?",
    },
    {
        "code": "bag-luggage", "name_zh_hans": "包/行李", "name_en": "Bag / luggage",
        "retention_days": 90, "depreciation_percent_per_year": 20, "depreciation_floor_percent": 20,
        "identifying_questions_zh_hans": "包的种类、品牌和颜色？\n有没有行李牌或锁？\n里面有哪些物品？",
        "identifying_questions_en": "Kind of bag, brand and colour?\nAny luggage tag or lock?\nWhat is inside?",
    },
    {
        "code": "clothing", "name_zh_hans": "衣物", "name_en": "Clothing",
        "retention_days": 90, "depreciation_percent_per_year": 30, "depreciation_floor_percent": 10,
        "identifying_questions_zh_hans": "衣物种类、颜色和尺码？\n品牌或特殊标记？",
        "identifying_questions_en": "Kind of garment, colour and size?\nBrand or special marks?",
    },
    {
        "code": "keys", "name_zh_hans": "钥匙", "name_en": "Keys",
        "retention_days": 90, "depreciation_percent_per_year": 0, "depreciation_floor_percent": 100,
        "identifying_questions_zh_hans": "几把钥匙？\n钥匙扣或门禁卡是什么样的？\n车钥匙的品牌？",
        "identifying_questions_en": "How many keys?\nWhat does the key ring or fob look like?\nCar key brand, if any?",
    },
    {
        "code": "umbrella", "name_zh_hans": "雨伞", "name_en": "Umbrella",
        "retention_days": 30, "depreciation_percent_per_year": 50, "depreciation_floor_percent": 10,
        "identifying_questions_zh_hans": "颜色、图案和伞柄样式？\n折叠伞还是长柄伞？",
        "identifying_questions_en": "Colour, pattern and handle?\nFolding or long umbrella?",
    },
    {
        "code": "documents", "name_zh_hans": "文件资料", "name_en": "Documents", "holds_personal_data": True,
        "retention_days": 90, "depreciation_percent_per_year": 0, "depreciation_floor_percent": 100,
        "identifying_questions_zh_hans": "文件的内容或标题？\n用什么装着（文件袋、夹子）？",
        "identifying_questions_en": "What are the documents about, or their title?\nWhat were they kept in (folder, envelope)?",
    },
    {
        "code": "glasses", "name_zh_hans": "眼镜", "name_en": "Glasses",
        "retention_days": 90, "depreciation_percent_per_year": 25, "depreciation_floor_percent": 20,
        "identifying_questions_zh_hans": "眼镜还是太阳镜？\n镜框的颜色和品牌？\n有没有眼镜盒？",
        "identifying_questions_en": "Glasses or sunglasses?\nFrame colour and brand?\nWas there a case?",
    },
    {
        "code": "toys", "name_zh_hans": "玩具", "name_en": "Toys",
        "retention_days": 60, "depreciation_percent_per_year": 30, "depreciation_floor_percent": 10,
        "identifying_questions_zh_hans": "是什么玩具、颜色和大小？\n有没有特殊标记？",
        "identifying_questions_en": "What toy, colour and size?\nAny special marks?",
    },
    {
        "code": "food-perishables", "name_zh_hans": "食品及易腐物品", "name_en": "Food & perishables",
        "perishable": True,
        "retention_days": 1, "depreciation_percent_per_year": 100, "depreciation_floor_percent": 0,
        "identifying_questions_zh_hans": "是什么物品、用什么包装？",
        "identifying_questions_en": "What is it and how was it packed?",
    },
    {
        "code": "other", "name_zh_hans": "其他", "name_en": "Other",
        "retention_days": 90, "depreciation_percent_per_year": 20, "depreciation_floor_percent": 10,
        "identifying_questions_zh_hans": "请描述物品的样子、颜色和特征。\n大约何时何地遗失？",
        "identifying_questions_en": "Describe the item, its colour and features.\nWhen and where was it lost?",
    },
]

# SLA-4: department manager at once, the site general manager an hour later, the company's after four.
COMPANY_LADDER: list[dict] = [
    {"level": 1, "position": "department_manager", "delay_minutes": 0},
    {"level": 2, "position": "site_general_manager", "delay_minutes": 60},
    {"level": 3, "position": "company_general_manager", "delay_minutes": 240},
]
