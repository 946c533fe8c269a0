"""Code lists of the person record, following the national standards offices already use.

Stored values are the standard codes where one exists (ethnic groups GB/T 3304, political status
GB/T 4762), so exchanged files and imports can use the codes; labels go through translation.
The Chinese names are kept as well, because imports meet them as written in spreadsheets
(汉族, 中共党员…) and must map them back to codes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Status(models.TextChoices):
    """Later apps respect it: no new aid for a deceased person, no visit to one who moved away."""

    ACTIVE = "active", pgettext_lazy("person", "Active")
    DECEASED = "deceased", _("Deceased")
    MOVED_AWAY = "moved_away", _("Moved away")
    # Set only by a merge (the record is a tombstone pointing at the survivor), never chosen by hand.
    MERGED = "merged", _("Merged into another record")


# The statuses a user may set by hand.
MANUAL_STATUSES = [(value, label) for value, label in Status.choices if value != Status.MERGED]


class Ethnicity(models.TextChoices):
    """The 56 ethnic groups, GB/T 3304-1991 codes 01–56."""

    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SUI = "25", _("Sui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EVENKI = "45", _("Evenki")
    DEANG = "46", _("De'ang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")


# Chinese names without the final 族 (spreadsheets write both 汉 and 汉族), in code order.
_ETHNICITY_NAMES = """
汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼
哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土
达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴
基诺
"""
ETHNICITY_ZH: dict[str, str] = dict(zip(Ethnicity.values, _ETHNICITY_NAMES.split(), strict=True))


class HukouType(models.TextChoices):
    """户口性质: the unified resident hukou replaced the agricultural / non-agricultural split from 2014."""

    AGRICULTURAL = "agricultural", _("Agricultural (rural)")
    NON_AGRICULTURAL = "non_agricultural", _("Non-agricultural (urban)")
    RESIDENT = "resident", _("Unified resident")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")
    VOCATIONAL = "vocational", _("Secondary vocational")
    COLLEGE = "college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTOR = "doctor", _("Doctorate")


class PoliticalStatus(models.TextChoices):
    """GB/T 4762 codes."""

    CPC_MEMBER = "01", _("CPC member")
    CPC_PROBATIONARY = "02", _("CPC probationary member")
    CYL_MEMBER = "03", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "04", _("Member of a democratic party")
    NON_PARTY = "12", _("Non-party personage")
    MASSES = "13", _("Ordinary citizen")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    WEAK = "weak", _("Fair or weak")
    CHRONIC = "chronic", _("Chronic illness")
    SERIOUS = "serious", _("Serious illness")


class DisabilityKind(models.TextChoices):
    """Categories of the disability certificate (残疾人证)."""

    VISUAL = "visual", _("Visual")
    HEARING = "hearing", _("Hearing")
    SPEECH = "speech", _("Speech")
    PHYSICAL = "physical", _("Physical")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    MULTIPLE = "multiple", _("Multiple")


class DisabilityGrade(models.IntegerChoices):
    GRADE_1 = 1, _("Grade 1 (most severe)")
    GRADE_2 = 2, _("Grade 2")
    GRADE_3 = 3, _("Grade 3")
    GRADE_4 = 4, _("Grade 4")


# --- households (困难职工家庭档案 needs members, incomes, children in school)


class Relationship(models.TextChoices):
    """The member's relationship to the head of the household (与户主关系)."""

    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other")


class MemberHealth(models.TextChoices):
    """Health as the hardship rules count it (健康, 慢性病, 大病, 残疾)."""

    HEALTHY = "healthy", _("Healthy")
    CHRONIC = "chronic", _("Chronic illness")
    SERIOUS = "serious", _("Serious illness")
    DISABLED = "disabled", _("Disabled")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    FLEXIBLE = "flexible", _("Flexible employment")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("In school")
    UNABLE = "unable", _("Unable to work")
    FARMING = "farming", _("Farming")


class SchoolLevel(models.TextChoices):
    """Levels the education aid (金秋助学) distinguishes."""

    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary or vocational")
    COLLEGE = "college", _("Junior college")
    BACHELOR = "bachelor", _("Undergraduate")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


# --- membership


class MembershipStatus(models.TextChoices):
    """``transferred`` is a transfer out of this federation; moves between its unions stay ``active``."""

    ACTIVE = "active", pgettext_lazy("membership", "Active")
    TRANSFERRED = "transferred", _("Transferred out")
    LEFT = "left", _("Left")
