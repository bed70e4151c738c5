"""Matching quality on a generated, labelled set of lost/found pairs in Chinese and English (CUS-4).

A fixed seed builds 360 lost items, each with its true found item described independently — the other
language or a mix, synonyms, misspellings, a colour named differently or left out, a brand left out,
only some of the features — among distractors of the same category, site and days. Candidates are
narrowed as the database does (same category, same site, found in the window) and ranked with the
production code. The true item must be in the top 5 for at least 95 % of lost items.
"""

import datetime
import random

from custody import matching

SEED = 20261122
PAIRS = 360
DISTRACTORS_PER_PAIR = 2
START = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)

# code: (kinds [(zh, en synonyms)], brands [(zh, en, model choices)], features [(zh, en)])
CATALOGUE = {
    "phone": (
        [("手机", ["phone", "mobile phone", "smartphone", "cellphone"])],
        [("苹果", "Apple", ["iPhone 13", "iPhone 15 Pro", "iPhone 12"]), ("华为", "Huawei", ["Mate 60", "P50", "nova 11"]),
         ("小米", "Xiaomi", ["14 Ultra", "Redmi Note 12"]), ("三星", "Samsung", ["Galaxy S23", "Galaxy A54"]),
         ("", "OPPO", ["Reno 10", "Find X6"]), ("", "vivo", ["X100", "S17"])],
        [("屏幕有裂痕", "cracked screen"), ("透明手机壳", "clear case"), ("背面贴了小熊贴纸", "bear sticker on the back"),
         ("背面有划痕", "scratches on the back"), ("挂着红色挂绳", "red lanyard attached"), ("皮质保护套", "leather cover")],
    ),
    "wallet": (
        [("钱包", ["wallet", "purse"]), ("皮夹", ["billfold", "wallet"]), ("卡包", ["card holder", "cardholder"])],
        [("蔻驰", "Coach", [""]), ("古驰", "Gucci", [""]), ("路易威登", "Louis Vuitton", [""]), ("", "Michael Kors", [""]),
         ("普拉达", "Prada", [""])],
        [("里面有会员卡", "membership cards inside"), ("拉链有磨损", "worn zipper"), ("有名片", "business cards inside"),
         ("真皮", "genuine leather"), ("里面有照片", "a photo inside"), ("刻有字母 W", "engraved initials W")],
    ),
    "bag": (
        [("背包", ["backpack", "rucksack"]), ("手提包", ["handbag", "tote"]), ("双肩包", ["backpack"]),
         ("公文包", ["briefcase"])],
        [("耐克", "Nike", [""]), ("阿迪达斯", "Adidas", [""]), ("新秀丽", "Samsonite", [""]), ("北面", "North Face", [""]),
         ("香奈儿", "Chanel", [""])],
        [("里面有笔记本电脑充电器", "laptop charger inside"), ("挂着行李牌", "luggage tag attached"),
         ("帆布材质", "canvas"), ("肩带断了", "broken strap"), ("有小熊挂件", "teddy bear charm"), ("拉链坏了", "broken zip")],
    ),
    "umbrella": (
        [("雨伞", ["umbrella"]), ("折叠伞", ["folding umbrella"]), ("长柄伞", ["long umbrella", "umbrella"])],
        [("", "", [""]), ("天堂", "Paradise", [""])],
        [("木质伞柄", "wooden handle"), ("伞面有格子图案", "checked pattern"), ("伞骨断了一根", "one broken rib"),
         ("印有酒店标志", "hotel logo printed")],
    ),
    "watch": (
        [("手表", ["watch", "wristwatch"]), ("智能手表", ["smartwatch", "smart watch"])],
        [("劳力士", "Rolex", ["Submariner", "Datejust"]), ("欧米茄", "Omega", ["Seamaster", "Speedmaster"]),
         ("卡西欧", "Casio", ["G-Shock", "Edifice"]), ("苹果", "Apple", ["Watch S9", "Watch Ultra"]),
         ("天梭", "Tissot", ["PRX", "Le Locle"])],
        [("金属表带", "metal strap"), ("皮表带", "leather strap"), ("表盘有划痕", "scratched face"),
         ("表背刻字", "engraving on the back"), ("硅胶表带", "silicone band")],
    ),
    "glasses": (
        [("眼镜", ["glasses", "spectacles"]), ("墨镜", ["sunglasses", "shades"])],
        [("雷朋", "Ray-Ban", ["Aviator", "Wayfarer"]), ("", "Gucci", [""]), ("", "", [""])],
        [("金属镜框", "metal frame"), ("装在眼镜盒里", "in a glasses case"), ("镜片有划痕", "scratched lenses"),
         ("近视镜片", "prescription lenses")],
    ),
    "earphones": (
        [("耳机", ["earphones", "earbuds", "headphones"]), ("蓝牙耳机", ["bluetooth earbuds", "wireless earphones"])],
        [("苹果", "Apple", ["AirPods Pro", "AirPods 3"]), ("索尼", "Sony", ["WH-1000XM5", "WF-1000XM4"]),
         ("", "Bose", ["QC45", "QuietComfort"]), ("华为", "Huawei", ["FreeBuds 5"])],
        [("充电盒有划痕", "scratched charging case"), ("贴着名字贴纸", "name sticker"), ("装在硅胶套里", "in a silicone cover"),
         ("左耳缺失", "left bud missing")],
    ),
    "keys": (
        [("钥匙", ["keys", "key ring"]), ("车钥匙", ["car key", "car keys"])],
        [("宝马", "BMW", [""]), ("丰田", "Toyota", [""]), ("特斯拉", "Tesla", [""]), ("", "", [""])],
        [("三把钥匙", "three keys"), ("有门禁卡", "access card attached"), ("挂着小熊挂件", "teddy bear keychain"),
         ("皮质钥匙扣", "leather key fob")],
    ),
    "jacket": (
        [("外套", ["jacket", "coat"]), ("羽绒服", ["down jacket", "parka"]), ("风衣", ["trench coat", "coat"])],
        [("优衣库", "Uniqlo", [""]), ("", "Zara", [""]), ("北面", "North Face", [""]), ("耐克", "Nike", [""])],
        [("口袋里有纸巾", "tissues in the pocket"), ("袖口有污渍", "stain on the cuff"), ("L 码", "size L"),
         ("带帽子", "with a hood"), ("M 码", "size M")],
    ),
    "laptop": (
        [("笔记本电脑", ["laptop", "notebook"]), ("平板电脑", ["tablet"])],
        [("苹果", "Apple", ["MacBook Air", "MacBook Pro", "iPad Air"]), ("联想", "Lenovo", ["ThinkPad X1", "Yoga 7"]),
         ("戴尔", "Dell", ["XPS 13", "Latitude 7440"]), ("华为", "Huawei", ["MateBook X", "MatePad 11"])],
        [("贴满贴纸", "covered in stickers"), ("装在灰色内胆包里", "in a grey sleeve"), ("键盘缺一个键", "missing key on keyboard"),
         ("屏幕有裂痕", "cracked screen"), ("公司资产标签", "company asset tag")],
    ),
    "bottle": (
        [("保温杯", ["thermos", "flask"]), ("水杯", ["water bottle", "cup"])],
        [("膳魔师", "Thermos", [""]), ("象印", "Zojirushi", [""]), ("", "Starbucks", [""]), ("", "", [""])],
        [("杯身有凹痕", "dent on the side"), ("贴着卡通贴纸", "cartoon sticker"), ("不锈钢", "stainless steel"),
         ("带提手", "with a handle")],
    ),
    "toy": (
        [("毛绒玩具", ["plush toy", "teddy"]), ("玩偶", ["doll"]), ("玩具车", ["toy car"])],
        [("", "Lego", [""]), ("迪士尼", "Disney", [""]), ("", "", [""])],
        [("耳朵有缝补", "mended ear"), ("系着蝴蝶结", "with a bow"), ("会发声", "makes sounds"), ("少了一只眼睛", "one eye missing")],
    ),
    "jewellery": (
        [("项链", ["necklace", "pendant"]), ("戒指", ["ring"]), ("手镯", ["bracelet", "bangle"]), ("耳环", ["earrings"])],
        [("周大福", "Chow Tai Fook", [""]), ("蒂芙尼", "Tiffany", [""]), ("卡地亚", "Cartier", [""]),
         ("潘多拉", "Pandora", [""]), ("施华洛世奇", "Swarovski", [""])],
        [("镶有钻石", "set with a diamond"), ("刻有日期", "engraved with a date"), ("珍珠吊坠", "pearl pendant"),
         ("心形吊坠", "heart-shaped pendant"), ("玉石", "jade stone")],
    ),
    "scarf": (
        [("围巾", ["scarf"]), ("丝巾", ["silk scarf", "shawl"])],
        [("爱马仕", "Hermes", [""]), ("博柏利", "Burberry", [""]), ("", "", [""])],
        [("格子图案", "check pattern"), ("流苏边", "fringed edges"), ("羊绒", "cashmere"), ("印花", "printed pattern")],
    ),
}

COLOURS = {
    "black": (["黑色", "黑"], ["black"]),
    "white": (["白色", "白"], ["white"]),
    "red": (["红色", "酒红"], ["red", "burgundy"]),
    "blue": (["蓝色", "天蓝"], ["blue"]),
    "navy": (["藏青", "深蓝"], ["navy", "dark blue"]),
    "grey": (["灰色", "深空灰"], ["grey", "gray", "space grey"]),
    "silver": (["银色"], ["silver"]),
    "gold": (["金色", "香槟金"], ["gold", "golden"]),
    "pink": (["粉色", "粉红"], ["pink", "rose"]),
    "green": (["绿色", "墨绿"], ["green", "olive"]),
    "brown": (["棕色", "咖啡色"], ["brown", "tan"]),
    "beige": (["米色", "卡其"], ["beige", "khaki"]),
    "purple": (["紫色"], ["purple", "violet"]),
    "yellow": (["黄色"], ["yellow"]),
}
SHIFTED = {"grey": "silver", "silver": "grey", "navy": "blue", "blue": "navy", "beige": "white", "pink": "red",
           "brown": "beige", "gold": "yellow"}


def typo(rng: random.Random, text: str) -> str:
    """Misspell one longer English word: swap, drop or double a letter after the first."""
    words = text.split(" ")
    long_ones = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not long_ones:
        return text
    i = rng.choice(long_ones)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    operation = rng.choice(("swap", "drop", "double"))
    if operation == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif operation == "drop":
        word = word[:j] + word[j + 1:]
    else:
        word = word[:j] + word[j] + word[j:]
    words[i] = word
    return " ".join(words)


def truth(rng: random.Random, category: str) -> dict:
    kinds, brands, features = CATALOGUE[category]
    kind = rng.choice(kinds)
    brand = rng.choice(brands)
    return {
        "category": category, "kind": kind, "brand": brand, "model": rng.choice(brand[2]),
        "colour": rng.choice(list(COLOURS)), "features": rng.sample(features, k=min(len(features), rng.choice((1, 2, 2, 3)))),
        "site": rng.choice((1, 2)), "area": rng.choice((11, 12, 13, 14)),
    }


def describe(rng: random.Random, item: dict, *, noisy: bool) -> dict:
    """The words a person would write: Chinese, English or a mix, with the noise of real records."""
    language = rng.choice(("zh", "en", "mixed"))
    zh_kind, en_kinds = item["kind"]
    brand_zh, brand_en, _models = item["brand"]
    colour = item["colour"]
    if noisy and rng.random() < 0.12:
        colour = SHIFTED.get(colour, colour)  # grey called silver, navy called blue
    colour_zh, colour_en = COLOURS[colour]
    in_chinese = language == "zh" or (language == "mixed" and rng.random() < 0.5)
    name = zh_kind if in_chinese else rng.choice(en_kinds)
    colour_word = rng.choice(colour_zh) if in_chinese else rng.choice(colour_en)
    if noisy and rng.random() < 0.12:
        colour_word = ""  # the finder did not note the colour
    brand = brand_zh if (in_chinese and brand_zh) else brand_en
    if noisy and rng.random() < 0.25:
        brand = ""  # the brand is not visible or not noted
    model = item["model"] if brand or rng.random() < 0.5 else ""
    if noisy and rng.random() < 0.4:
        model = ""
    features = list(item["features"])
    if noisy and len(features) > 1:
        features = rng.sample(features, k=len(features) - 1)
    feature_texts = []
    for zh, en in features:
        feature_in_chinese = language == "zh" or (language == "mixed" and rng.random() < 0.5)
        feature_texts.append(zh if feature_in_chinese else en)
    separator = "，" if language == "zh" else ", "
    text = {
        "name": f"{colour_word}{name}" if in_chinese else f"{colour_word} {name}".strip(),
        "brand_model": f"{brand} {model}".strip(),
        "colour": colour_word if rng.random() < 0.7 else "",
        "features": separator.join(feature_texts),
    }
    if language != "zh" and rng.random() < 0.5:
        field = rng.choice(("name", "features", "brand_model"))
        text[field] = typo(rng, text[field])
    return text


def build_world(seed: int = SEED):
    rng = random.Random(seed)
    categories = list(CATALOGUE)
    lost, found = [], []
    for number in range(PAIRS):
        item = truth(rng, categories[number % len(categories)])
        lost_at = START + datetime.timedelta(hours=rng.randrange(0, 24 * 20))
        lost_text = describe(rng, item, noisy=False)
        lost.append(matching.profile_of(
            key=("lost", number), category_id=item["category"], site_id=item["site"],
            area_id=item["area"] if rng.random() < 0.8 else None, start=lost_at,
            end=lost_at + datetime.timedelta(hours=rng.choice((1, 2, 4, 8))), **lost_text,
        ))
        found_at = lost_at + datetime.timedelta(hours=rng.uniform(0, 72))
        found_text = describe(rng, item, noisy=True)
        found.append(matching.profile_of(
            key=("found", number), category_id=item["category"], site_id=item["site"],
            area_id=item["area"] if rng.random() < 0.6 else rng.choice((11, 12, 13, 14)), start=found_at, end=found_at,
            **found_text,
        ))
        for extra in range(DISTRACTORS_PER_PAIR):
            # Same category, site and days: the hard cases staff face.
            other = truth(rng, item["category"])
            other["site"] = item["site"]
            at = lost_at + datetime.timedelta(hours=rng.uniform(-48, 96))
            found.append(matching.profile_of(
                key=("distractor", number, extra), category_id=other["category"], site_id=other["site"],
                area_id=other["area"], start=at, end=at, **describe(rng, other, noisy=True),
            ))
    return lost, found


def narrowed(lost: matching.Profile, found: list[matching.Profile], window_days: int) -> list[matching.Profile]:
    """What `custody.selectors.found_candidates` lets through."""
    latest = lost.end + datetime.timedelta(days=window_days)
    return [
        item for item in found
        if item.category_id == lost.category_id and item.site_id == lost.site_id
        and lost.start - datetime.timedelta(hours=matching.Weights.early_slack_hours) <= item.start <= latest
    ]


def test_true_found_item_is_in_the_top_five_for_95_percent(capsys):
    lost_items, found_items = build_world()
    weights = matching.Weights()
    hits, pool_sizes, misses = 0, [], []
    for lost in lost_items:
        pool = narrowed(lost, found_items, weights.window_days)
        pool_sizes.append(len(pool))
        ranked = matching.rank(lost, [(p.key, p) for p in pool], query_is_lost=True, weights=weights)
        top = [scored.key for scored in ranked[:5]]
        if ("found", lost.key[1]) in top:
            hits += 1
        else:
            misses.append(lost.key)
    rate = hits / len(lost_items)
    with capsys.disabled():
        print(f"\nmatching quality: true item in top 5 for {hits}/{len(lost_items)} lost items = {rate:.1%} "
              f"(candidates per lost item: mean {sum(pool_sizes) / len(pool_sizes):.1f}, max {max(pool_sizes)})")
    assert len(lost_items) >= 300
    assert rate >= 0.95, misses[:20]


def test_the_other_way_round_reports_rank_for_found_items(capsys):
    lost_items, found_items = build_world(seed=SEED + 1)
    weights = matching.Weights()
    by_number = {lost.key[1]: lost for lost in lost_items}
    hits = total = 0
    for found in found_items:
        if found.key[0] != "found":
            continue
        total += 1
        pool = [lost for lost in lost_items if lost.category_id == found.category_id and lost.site_id == found.site_id
                and lost.start - datetime.timedelta(hours=weights.early_slack_hours) <= found.start <= lost.end + datetime.timedelta(days=weights.window_days)]
        ranked = matching.rank(found, [(p.key, p) for p in pool], query_is_lost=False, weights=weights)
        hits += by_number[found.key[1]].key in [scored.key for scored in ranked[:5]]
    with capsys.disabled():
        print(f"\nmatching quality (found → reports): top 5 for {hits}/{total} = {hits / total:.1%}")
    assert hits / total >= 0.95
