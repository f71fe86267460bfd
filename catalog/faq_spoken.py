"""Reading a typed policy question before the FAQ match: what phone keyboards and speech do to its words.

- Numbers said in Chinese digits ("一一三一服务") are the numbers the phrasings use (1131, 12333).
- A homophone slip of an FAQ word ("补帖" for 补贴, "报明" for 报名): the input method picked a character with
  the same sound, so jieba cannot cut a word there and leaves two single characters. Two such characters that
  sound exactly like a word the phrasings use are taken as that word. Only glued single characters are
  respelled: a real word ("事业") that happens to sound like an FAQ word ("失业") is left alone.
- Spoken grammar the phrasings say another way: "能报名吗" / "可以报不" after who the person is asks whether
  they may join (参加), not how to enrol; "边干边学", "边上班边培训" is learning on the job; "在家" away from
  any learning word says where the person is, not how they would learn.
- Words that name courses ("面点", "直播带货": the search's domain dictionary and synonyms) are for the course
  search beside the answer; they say nothing against an FAQ entry (see PhrasingIndex.unknown).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from catalog.groups import GROUP_ALIASES
from catalog.pinyin import readings
from catalog.text import cut, dictionary_words, domain_words, normalize, subwords

_DIGITS = {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
           "六": "6", "七": "7", "八": "8", "九": "9"}
# three or more digit characters in a row: a number read out digit by digit, not "一两个" or "三五天"
_DIGIT_RUN = re.compile(f"[{''.join(_DIGITS)}]{{3,}}")
_PERCENT = re.compile("([0-9０-９.]+)\\s*[%％]|百分之([0-9零一二三四五六七八九十]+)(?!百)")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# a number said in words ("七十了", "五十多") means the number, never a slip of a word that sounds like it (技师)
_NUMBER_WORD = re.compile(f"[{''.join(_DIGITS)}十百千万几多半]+")
MAX_SLIP_CHARS = 4  # the longest FAQ word a slip is looked for in ("以工代训")


# who the person is not: "既不是下岗的也不是学生", "我不是失业也不是大学生" -> no special status (other_people)
_NOT_A_GROUP = re.compile("(?:既|也|又|都)?不是(?:" + "|".join(sorted(
    {*GROUP_ALIASES, "学生", "在校生", "农民", "军人", "贫困户", "低保户"}, key=len, reverse=True)) + ")(?:的|人员)?")

_A_NOT_A = re.compile("([^不没\\s])[不没]\\1")

# (pattern, replacement) on the normalised text
_GRAMMAR = (
    (_NOT_A_GROUP, " 没有特殊身份 "),
    # "A不A" asks yes or no (catalog.faq_words.asks reads it from the text as typed); the word is A:
    # "扣不扣工资" -> 扣工资, "补不补" -> 补
    (_A_NOT_A, r"\1"),
    # "算数": counting, as "算" ("在家用手机上课 算不算数")
    (re.compile("算数"), "算"),
    # a separable verb split by what is said inside it: "报个名", "报上名", "报不上名" are 报名
    (re.compile("报(?:个|上|了|得上|不上|完|好)名"), "报名"),
    (re.compile("考(?:一次|一回|一场|个|了|完)试"), "一次考试"),
    # two certificates, however counted: "两本证", "俩证书"
    (re.compile("(?:两|俩|二)(?:本|张|个|份)?证(?:书)?"), "两个证"),
    # the same year, however said: "同一年", "一年之内" (how many times a year)
    (re.compile("同一年|一年(?:之内|以内|内|里)"), " 一年 "),
    # a 1131 step named inside 1131 is that step: "1131最后的1次技能培训", "1131里的岗位推荐"
    (re.compile("1131[^\\s，,]{0,6}?(技能培训|岗位推荐|职业指导|政策宣介)"), r"1131 \1这一步 "),
    # a level one has, learnt again: "中级工已经有了 再学一遍中级" asks about the same level twice
    (re.compile("(初级|中级|高级|技师)(?:工|证)?.{0,10}?(?:再|还|又|重新)(?:学|考|报)(?:一遍|一次|一回|个)?\\1"),
     " 同一等级 重复 "),
    # leaving home to work: "从乡下出来打工的", "进城打工" (a migrant worker; 外地打工 says where, not who)
    (re.compile("(?:出来|出去|外出|进城)(?:打工|务工|干活)"), " 农民工 "),
    # how to get enrolled ("怎么样才能报名", "咋才能报上"): how to enrol, not whether one may join
    (re.compile("(?:怎么样|怎么|怎样|如何|咋样|咋)(?:才)?(?:能|可以)报(?:名)?"), "怎么报名"),
    (re.compile("(能|可以|能不能|可不可以|让|准|还能)(报名|报)(?![名班销])"), r"\1参加"),
    (re.compile("边(?:上班|干活|工作|干|做)边(?:学|培训|上课)"), "边工作边培训"),
    # "培训那几天", "上课那段时间": while the course runs, not how long it is
    (re.compile("(?:那|这)(?:几天|些天|段时间|段日子)"), "期间"),
    # money while the course runs is the living allowance: "培训期间能领补助吗", "上课期间给补贴不"
    (re.compile("期间(?:能|可以|有|给|还)?(?:领|拿|发)?(?:补助|补贴|钱)"), "期间 生活费 "),
    # how long, said several ways: one word, so that the topic beside it decides ("补贴多长时间能到账" is about
    # the subsidy's payout, "培训多长时间" about the course)
    (re.compile("多长(?:时间|时候|日子)|多少时间|多久时间|多长"), "多久"),
    # how many days, weeks: one word ("多少天能学完", "上几周课")
    (re.compile("(?:多少|几)(?:天|周|个?星期)(?:的)?课?"), " 几天 "),
    # opening a shop of any kind: "开个奶茶店", "开一家小饭店" (the kind stays for the course search)
    (re.compile("开(?:个|一个|家|一家|间|一间)?([^\\s,，。店网]{0,4}?)店"), r"\1 开店 "),  # 网店: e-commerce
    # a skilled worker studying for a diploma: "读个大专", "拿个文凭" (not who has one: "大专毕业的")
    (re.compile("(?:读|上|考|拿|念|升)(?:个|一个)?(?:成人|函授|自考|在职|网络)?(?:大专|本科|中专|学历|文凭)"),
     " 学历提升 "),
    # learning to use a phone is the elderly's course, not learning on the phone
    (re.compile("学(?:用|会用|着用|玩)(?:智能)?手机"), " 学用智能手机 "),
    # getting money is collecting it: "多久能拿到补贴钱", "拿补助" (拿到证 is a certificate)
    (re.compile("拿(?:到|着)?(?=补贴|补助|钱)"), "领"),
    # "发现金", "打卡里": paid in cash or to a card (not 发现, finding; not 打卡, clocking in)
    (re.compile("发现金"), "发 现金"),
    (re.compile("打(?:到)?卡(?:里|上)"), "打到 卡上"),
    # one level, then the next: "初级考过了再学中级", "中级证考完还能考高级" ask about a higher level
    (re.compile("(?:初级|中级|高级)[^\\s]{0,8}?(?:再|还能|还可以|接着)(?:学|考|报)(?:个)?(?:中级|高级|技师)"),
     " 同一工种 更高等级 "),
    # who trains: an employer training its workers ("给工人搞培训", "培训员工") or a worker asking for himself
    # ("一线工人能不能自己报名", "我们职工自己能学吗")
    (re.compile("(?:给|让|组织|派)(?:我们|厂里|公司|单位)?的?(?:工人|员工|职工|伙计|手下)"), r" 企业 组织培训 \g<0>"),
    (re.compile("(?:一线)?(?:工人|员工|职工)(?=[^\\s]{0,4}(?:自己|个人))"), " 在职职工 "),
    # failing the exam, however said: "没考过证", "考没过", "没拿到证" (not 考过了, finishing)
    (re.compile("没(?:有)?(?:考过|考上|通过|考下来|考出来|拿到证书?|取得证书?|拿证)|考没过"), "考不过"),
    # the certificate said first: "证书没拿到", "证没考下来"
    (re.compile("证(?:书)?(?:还|都|也)?没(?:有)?(?:拿到|考到|考下来|下来|拿着|发下来)"), "考不过"),
    # one thing first, then the other: "先拿证后补贴", "先考证再给钱" ask whether the money needs the certificate
    (re.compile("先(?:拿|考|取|领)(?:到)?证(?:书)?(?:后|再|然后)"), "补贴要先取证 "),
    # breaking the rules to collect the subsidy oneself is cheating for it ("违规领补贴"); a provider's 违规 is a
    # complaint (the synonyms' 违规 -> 投诉)
    (re.compile("违规(?=领|拿|申领|申请|享受|套)"), "骗补 "),
    # cheating for the subsidy with words between: "骗培训补贴", "套取政府的补贴"
    (re.compile("(?:骗|套)(?:取)?(?:[^\\s,，。]{0,4}?)(?:补贴|补助)"), "骗补"),
    # paying first, however said: "是先自己出钱吗", "要提前交钱不" (not whether it costs anything at all)
    (re.compile("(?:先|提前)(?:自己|个人)?(?:出|交|掏|付|垫)(?:钱|费|学费)?"), "先垫钱"),
    # when one graduated says one is a graduate: "25届的", "毕业两年了", "毕业快一年" (not "初中毕业")
    (re.compile("(?<![初高])(?:[0-9]{2}|[零一二三四五六七八九十]{2,3})届(?:毕业)?(?:的|生)?"), " 毕业生 "),
    (re.compile("(?<![初高中])毕业(?:了|都|已经|快|才|刚)?(?:[一二两三四五几半多]|[1-5])(?:个)?年(?:了|多)?"),
     " 毕业生 "),
    # still looking for work: not finding any yet ("还在找工作", "到现在还没工作")
    (re.compile("还(?:在|没有?)(?:找到?)?(?:工作|活)"), " 没找到工作 "),
    # the list of groups closed by "那几种我都不是": none of them (the groups named say who the person is not)
    (re.compile("(?:\\S+\\s+){0,3}\\S*?(?:那|这)(?:几种|几类|几个|些)(?:人)?我?(?:都|也)?不(?:是|沾|算|属于)"),
     " 没有特殊身份 "),
    # asking whom to get the money from: "找谁去要", "跟谁领" -> applying for it
    (re.compile("(?:找|问|跟|向)谁(?:去)?(?:要|领|拿|申请)"), " 申请 领 "),
    (re.compile("拿到手(?:里)?"), "领"),
    # what one learnt before, learnt again: "学过一遍的", "学过的东西"
    (re.compile("学过(?:一遍|一次|一回)?的(?:东西|工种|课|内容)?"), "同样的"),
    # "别白学了": not in vain (白学 alone is learning for free)
    (re.compile("(?:别|不要|免得|省得|怕)白(?:学|来|跑|花)了?"), " "),
    # "在线等", "坐等": waiting for the answer, not learning online
    (re.compile("在线等|坐等|急等"), " "),
    # wages rising, either order: "工资会涨", "工资能高点"
    (re.compile("工资(?:会|能|可以|就)?(?:涨|提高|增加|高|多)"), "涨工资"),
    # lessons counted with any measure word: "几堂课", "多少节课" ask how many class hours
    (re.compile("(?:几|多少)(?:堂|节|次)课"), "多少课时"),
    # a condition: "考到证才给补贴", "拿到证才有补贴" ask whether one thing comes only after another
    (re.compile("(?<![刚人方天])才(?=(?:能|可以|会)?[给有发拿领补])(?:能|可以|会)?(?:[给有发拿领]|补(?![贴助]))?"),
     " 前提 "),
    # not going on to university or senior school: "不想读大学了", "没上高中" (the 两后生 of school_leavers)
    (re.compile("(?:不想|不愿|不打算|不准备|没|不)(?:再)?(?:读|上|念|考)(?:大学|高中)了?"), " 没考上 "),
    # an employer running training for its staff, whatever the kind: "单位搞转岗培训", "公司组织岗前培训"
    (re.compile("(?:单位|企业|公司|厂里|厂子|工厂)(?:里)?(?:搞|组织|办|开展|安排)(?:的|了)?(?:个)?"
                "(?:转岗|岗前|在岗|技能)?培训"), " 企业 组织培训 "),
    # the lifelong system, shortened: "终身培训", "终身技能培训"
    (re.compile("终身(?:职业)?(?:技能)?培训"), "终身职业技能培训"),
    # finishing the course and then working: "上完课能不能直接去上班", "学完直接上岗" (a job after training)
    (re.compile("(?:上完课|学完|培训完|结业)(?:了|以后|后|之后)?(?:能不能|能|可以|就)?(?:直接)?(?:去)?"
                "(?:上班|工作|就业|上岗)"), " 学完 就业 "),
    # a job offer of 1131 said short: "推三次岗位", "推岗位"
    (re.compile("推(?:[一二三两几1-3](?:次|个))?岗位"), "推荐岗位"),
    # asked again and again whether one found work: the follow-up survey ("老给我发题问工作找到没")
    (re.compile("问(?:我)?(?:工作|就业|活)(?:找到|找着|落实|定)了?(?:没有?|吗|了吗)"), " 回访 "),
    # the training days counted as working days: paid while training ("培训那几天算不算上班")
    (re.compile("期间\\s*算(?:是)?(?:上班|出勤|工作日|工时)"), " 期间 工资照发 "),
    # whether one gets a certificate at all ("学茶艺师能拿到证不"), not whether the money waits for it
    (re.compile("(?:能|可以|会|给)(?:拿到|拿|考到|领到|发)(?:个)?证(?:书)?(?=[吗不没么呢]|\\s|$)"), "发证书"),
    # which certificate one is given, one kind or another: "是发等级证还是发合格证" asks what is issued
    (re.compile("(?:是)?发(?:个)?[^\\s还]{1,4}证(?:书)?还是(?:发)?(?:个)?[^\\s]{1,4}证(?:书)?"), " 发什么证 "),
    # the state paying an employer: "政府补企业钱", "补给厂里钱" is a subsidy
    (re.compile("补(?:给)?(?:企业|单位|公司|厂里|老板)的?钱"), " 企业 补贴 "),
    # two kinds of training both subsidised ("…和创业培训能在同一年都享受补贴吗"): how many times
    (re.compile("(?:都|同时|两个都|两样都)(?:能|可以)?(?:享受|领|拿)(?:到)?(?=补贴|补助)"), " 几次 "),
    # 网课 glued to the words around it ("上网课算", "报网课的"): a word of its own
    (re.compile("网课"), " 网课 "),
    # "学点东西", "学个手艺": learning anything, not the papers (东西) to bring
    (re.compile("学(?:点|个|些|门)(?:东西|啥|什么|技术|手艺|本事)"), "学"),
    # "在家" asks about learning at home only next to learning ("在家能学吗", "在家里上课"); "在家种田的",
    # "失业在家", "在家带孩子的" say who the person is
    (re.compile("在家(?!.{0,2}(?:学|上课|听课|培训|看))"), " "),
)


def spoken(text: str) -> str:
    """`text` normalised, with digit runs as numbers and the spoken grammar above said the phrasings' way; for
    questions and phrasings alike."""
    # normalising drops "%": "那个45%是啥" asks about a percentage, and the number stays, as it stays in a text
    # whose "%" was lost before the FAQ saw it ("那个45 是什么")
    text = _PERCENT.sub(lambda m: f" {m.group(1) or _chinese_number(m.group(2))} 百分比 ", text)
    norm = _DIGIT_RUN.sub(lambda m: "".join(_DIGITS[c] for c in m.group(0)), normalize(text))
    asked = _A_NOT_A.search(norm) is not None
    for pattern, replacement in _GRAMMAR:
        norm = pattern.sub(replacement, norm)
    # "能不能去学" said as "能去学" still asks: the mark stays for whoever reads the respelled text
    return f"{norm} ？" if asked and "？" not in norm else norm


def _chinese_number(said: str) -> str:
    """"四十五" -> "45" (up to 99; digits as they are); anything else unchanged."""
    if said.isdigit():
        return said
    tens, ten, units = said.partition("十")
    if not ten:
        return "".join(_DIGITS.get(c, c) for c in said)
    return str(int(_DIGITS.get(tens, "1") if tens else "1") * 10 + int(_DIGITS.get(units, "0") if units else "0"))


class Respeller:
    """Puts FAQ words in place of their homophone slips; built from the phrasings' vocabulary."""

    def __init__(self, vocabulary: Iterable[str], particles: Iterable[str] = (), phrasings: Iterable[str] = (),
                 generic: Iterable[str] = (), phrases: Iterable[str] = ()) -> None:
        self._generic = frozenset(generic)  # training's own words (培训, 学): no topic
        self._phrases = frozenset(phrases)  # synonyms' phrases: words the FAQ knows in other words ("补过")
        by_sound: dict[str, set[str]] = {}
        dictionary = dictionary_words()
        for word in vocabulary:  # real words only: "凡补" (of 凡补必进) is two glued characters, not a word
            if 2 <= len(word) <= MAX_SLIP_CHARS and dictionary.get(word) and all(_CJK_CHAR.match(c) for c in word):
                for sound in readings(word):
                    by_sound.setdefault(" ".join(sound), set()).add(word)
        # a sound two FAQ words share says nothing about which was meant
        self._by_sound = {sound: next(iter(found)) for sound, found in by_sound.items() if len(found) == 1}
        self._vocabulary = frozenset(vocabulary)
        self._particles = frozenset(particles)  # "报吗" sounds like 宝妈 but is 报 + a question particle
        self._beside = _characters_beside(phrasings, self._particles)


    def __call__(self, text: str) -> str:
        return self._respell(text)

    @lru_cache(maxsize=8192)  # noqa: B019 - one respeller per loaded FAQ file, kept for its life
    def _respell(self, text: str) -> str:
        norm = spoken(text)
        tokens = cut(norm)
        norm = self._longer_slips(norm, tokens)
        norm = self._real_word_slip(norm, tokens)
        tokens = cut(norm)
        for first, second in pairwise(tokens):
            pair = first + second
            if first in self._particles or second in self._particles:
                continue
            if len(first) == len(second) == 1 and pair not in self._vocabulary:
                fixed = self._sounds_like(pair)
                if fixed is not None:
                    norm = norm.replace(pair, fixed, 1)
            elif len(first) > 1 and len(second) == 1 and second not in self._vocabulary:
                fixed = self._beside_slip(first, second)
                if fixed is not None:
                    norm = norm.replace(pair, first + fixed, 1)
        return norm

    def _longer_slips(self, norm: str, tokens: list[str]) -> str:
        """Three or four single characters in a row that sound like one FAQ word: "以公代训", "学图制"."""
        for size in range(MAX_SLIP_CHARS, 2, -1):
            for i in range(len(tokens) - size + 1):
                window = tokens[i:i + size]
                if all(len(t) == 1 for t in window):  # a particle too: 以 of "以公代训"
                    fixed = self._sounds_like("".join(window))
                    if fixed is not None and len(fixed) == size:
                        norm = norm.replace("".join(window), fixed, 1)
        return norm

    def _real_word_slip(self, norm: str, tokens: list[str]) -> str:
        """A real word the FAQ does not know that sounds like one it does ("补铁" for 补贴, "年级" for 年纪), taken
        only when nothing else in the question names an FAQ topic: "事业单位的能报吗" names 单位 and keeps 事业."""
        unknown = [t for t in tokens if len(t) == 2 and t not in self._vocabulary and t not in self._particles
                   and t not in self._phrases and not names_courses(t) and not _NUMBER_WORD.fullmatch(t)]
        if len(unknown) != 1 or any(t in self._vocabulary and len(t) > 1 and t not in self._generic
                                    for t in tokens):
            return norm
        fixed = self._sounds_like(unknown[0])
        return norm.replace(unknown[0], fixed, 1) if fixed is not None else norm

    def _beside_slip(self, word: str, char: str) -> str | None:
        """The character the phrasings put after `word` that `char` (any of its readings) sounds like: "培训卷" is
        培训券 (卷 is also read quan)."""
        found = {fixed for sound in readings(char) if (fixed := self._beside.get((word, sound[0]))) is not None}
        return found.pop() if len(found) == 1 else None

    def _sounds_like(self, pair: str) -> str | None:
        """The FAQ word that sounds like `pair` read the common way (each character's first reading: rare
        readings of 吃 and 住 make "吃住" sound like 技术)."""
        spelled = readings(pair)
        return self._by_sound.get(" ".join(spelled[0])) if spelled else None


def _characters_beside(phrasings: Iterable[str], particles: frozenset[str]) -> dict[tuple[str, str], str]:
    """(word, a sound) -> the one character the phrasings put right after that word with that sound: ("培训",
    "quan") -> 券 (of 培训券). A slip of one character is taken only beside the word it goes with."""
    found: dict[tuple[str, str], set[str]] = {}
    for phrasing in phrasings:
        for first, second in pairwise(cut(spoken(phrasing))):
            if len(first) > 1 and len(second) == 1 and _CJK_CHAR.match(second) and second not in particles:
                for sound in readings(second):
                    found.setdefault((first, sound[0]), set()).add(second)
    return {key: next(iter(chars)) for key, chars in found.items() if len(chars) == 1}


def names_courses(word: str, *, pieces: bool = True) -> bool:
    """Whether the course search knows `word` as an occupation, trade or one of its synonyms, or a word inside it
    ("大棚菜": 大棚); with `pieces`, also as part of one ("茶艺" of 茶艺师 — but also "服务" of 家政服务员: enough
    to not hold a word against an FAQ entry, not to call it a course)."""
    known = domain_words()
    return word in known or (pieces and word in _course_pieces()) or any(part in known for part in subwords(word))


@lru_cache(maxsize=1)
def _course_pieces() -> frozenset[str]:
    """Every stretch of two or more characters of a course word ("茶艺" of 茶艺师)."""
    return frozenset(w[i:j] for w in domain_words() for i in range(len(w)) for j in range(i + 2, len(w) + 1))
