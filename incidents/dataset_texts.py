"""Chinese and English words the data-set generator draws reports from (issue #10)."""

# category code → (weight, names, brands, features); names mix Chinese, English and both.
ITEMS = {
    "mobile-phone": (16, ["手机", "iPhone 15 Pro", "华为手机 Huawei phone", "Mobile phone", "小米手机", "Samsung Galaxy"],
                     ["Apple", "华为 Huawei", "小米 Xiaomi", "Samsung", "OPPO", "vivo"],
                     ["屏幕有裂痕", "cracked screen", "绿色手机壳", "green case", "贴有卡通贴纸", "sticker on the back"]),
    "wallet-purse": (12, ["钱包", "黑色钱包", "Wallet", "Purse 女士钱包", "卡包 card holder"],
                     ["Coach", "Gucci", "LV", "无品牌", "Prada"],
                     ["内有身份证和两张银行卡", "contains ID card", "有少量现金", "some cash inside", "拉链坏了"]),
    "bag-luggage": (10, ["背包", "Backpack", "行李箱 suitcase", "手提包", "Laptop bag 电脑包", "购物袋"],
                    ["Samsonite", "新秀丽", "Nike", "无品牌", "Rimowa"],
                    ["红色行李牌", "red luggage tag", "内有衣物", "clothes inside", "侧袋破损"]),
    "keys": (9, ["车钥匙", "Car key", "房门钥匙", "Keys 钥匙串", "门卡 key card"],
             ["Toyota", "丰田", "BMW", "大众 VW", "无品牌"],
             ["挂有红色小熊", "red bear keyring", "三把钥匙", "three keys", "蓝色钥匙扣"]),
    "clothing": (8, ["外套", "Jacket", "围巾 scarf", "羽绒服", "Hat 帽子", "手套 gloves"],
                 ["优衣库 Uniqlo", "Zara", "H&M", "无品牌", "Canada Goose"],
                 ["黑色 L 码", "size M", "口袋里有票据", "receipt in pocket", "袖口有污渍"]),
    "umbrella": (6, ["雨伞", "Umbrella", "折叠伞 folding umbrella", "长柄伞"],
                 ["天堂 Paradise", "无品牌", "Totes"], ["蓝色格子", "blue check", "伞骨坏了", "wooden handle"]),
    "laptop-tablet": (6, ["笔记本电脑", "Laptop", "iPad 平板", "MacBook Air", "联想笔记本 Lenovo laptop"],
                      ["Apple", "联想 Lenovo", "Dell", "华为 Huawei", "Microsoft Surface"],
                      ["贴有公司资产标签", "asset tag", "键盘有划痕", "scratched lid", "银色"]),
    "glasses": (5, ["眼镜", "Glasses", "太阳镜 sunglasses", "老花镜"],
                ["Ray-Ban", "暴龙 Bolon", "无品牌"], ["黑框", "black frame", "放在棕色眼镜盒里", "in a brown case"]),
    "jewellery": (4, ["钻戒", "Diamond ring", "项链 necklace", "耳环 earrings", "手镯 bracelet"],
                  ["Tiffany", "周大福 Chow Tai Fook", "Cartier", "无品牌"],
                  ["刻有字母 Y & K", "engraved initials", "金色", "gold", "白金"]),
    "watch": (4, ["手表", "Watch", "智能手表 smart watch", "机械表"],
              ["Apple Watch", "Rolex", "卡西欧 Casio", "华为 Huawei", "Omega"],
              ["皮表带", "leather strap", "表盘有划痕", "scratched face", "银色表链"]),
    "id-document": (5, ["身份证", "Passport 护照", "驾驶证", "ID card", "港澳通行证"],
                    ["", ""], ["姓名张某", "name on card", "有效期至 2030", "blue cover"]),
    "bank-card": (3, ["银行卡", "Bank card", "信用卡 credit card"], ["招商银行 CMB", "中国银行 BOC", "Visa", "工商银行 ICBC"],
                  ["尾号 1234", "ending 5678", "金卡", "gold card"]),
    "documents": (3, ["文件袋", "Documents", "合同 contract", "笔记本 notebook"], ["", ""],
                  ["牛皮纸文件袋", "brown envelope", "公司文件", "handwritten notes"]),
    "toys": (2, ["玩具熊", "Teddy bear", "玩具车 toy car", "乐高 Lego"], ["乐高 Lego", "迪士尼 Disney", "无品牌"],
             ["粉色", "pink", "缺一只耳朵", "missing an ear"]),
    "cash": (2, ["现金", "Cash", "红包 red envelope", "信封装现金"], ["", ""], ["信封装", "in an envelope", "百元钞票", "100-yuan notes"]),
    "food-perishables": (1, ["蛋糕", "Cake", "水果 fruit", "外卖 takeaway"], ["好利来", "无品牌"], ["生日蛋糕", "birthday cake"]),
    "other": (4, ["充电宝", "Power bank", "耳机 earphones", "AirPods", "相机 camera", "书 book"],
              ["Anker", "Sony", "Apple", "小米 Xiaomi", "Canon"], ["白色", "white", "盒子里", "in its box", "有名字贴纸"]),
}
COLOURS = ["黑色", "白色", "红色", "蓝色", "灰色", "银色", "金色", "棕色", "black", "white", "red", "blue", "grey", "silver",
           "pink", "green", "绿色", "粉色"]
ZH_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
ZH_GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
            "刚", "桂英", "小明", "晓东", "建华", "海燕", "志强", "玉兰", "思远", "雨涵", "子轩", "一诺", "浩然", "欣怡"]
EN_FIRST = ["Emily", "James", "Olivia", "Liam", "Sophia", "Noah", "Mia", "Lucas", "Anna", "David", "Yuki", "Kenji",
            "Sarah", "Michael", "Laura", "Daniel", "Hannah", "Tom", "Chloe", "Peter", "Min-jun", "Aisha", "Carlos"]
EN_LAST = ["Clark", "Smith", "Brown", "Tanaka", "Müller", "Garcia", "Kim", "Wilson", "Martin", "Lee", "Taylor",
           "Nguyen", "Rossi", "Dubois", "Schmidt", "Johnson", "Sato", "Park", "Walker", "Evans"]
PLACES = ["大堂沙发附近", "near the lobby sofa", "餐厅 12 号桌", "table 12", "B2 层 C 区", "level B2 zone C", "电梯里", "in the lift",
          "洗手间", "restroom", "前台", "at the front desk", "更衣室", "changing room", "影院 5 号厅", "screen 5", "出租车上车点",
          "taxi stand", "健身房储物柜", "gym locker"]
LOSS_STORIES = ["客人在等候时遗失物品。", "Left behind while waiting.", "离开时发现不见了。", "Noticed it missing when leaving.",
                "可能掉在座位下面。", "May have dropped under the seat.", "打扫前还在。", "Was there before cleaning.",
                "与朋友聚餐后遗失。", "Lost after dinner with friends.", "办理入住时放在柜台上。", "Put down at check-in."]
THEFT_STORIES = ["车窗被砸，包被盗。", "Car window smashed, bag taken.", "储物柜被撬。", "Locker forced open.",
                 "有人趁不注意拿走。", "Someone took it while I looked away.", "客房内物品失窃。", "Taken from the guest room."]
CANCEL_REASONS = ["客人自己找到了 Customer found it", "重复报告 Duplicate report", "客人撤回 Withdrawn by the customer",
                  "非本场所遗失 Not lost here"]
NOTES = ["已查看大堂区域 Searched the lobby", "已联系保洁 Asked housekeeping", "正在调取监控 Checking CCTV",
         "已通知各部门 All departments informed"]
