from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City/Regency")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Kelurahan/Desa")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


# Levels from the top; an area's parent is always exactly one level up.
LEVEL_ORDER = [
    AreaLevel.PROVINCE,
    AreaLevel.CITY,
    AreaLevel.DISTRICT,
    AreaLevel.VILLAGE,
    AreaLevel.RW,
    AreaLevel.RT,
]
PARENT_LEVEL = {child: parent for parent, child in pairwise(LEVEL_ORDER)}


class PostKind(models.TextChoices):
    POS_KAMLING = "pos_kamling", _("Pos Kamling / Satkamling")
    RW_SECRETARIAT = "rw_secretariat", _("RW secretariat")
    POSYANDU = "posyandu", _("Posyandu")
    MOSQUE = "mosque", _("Mosque / prayer house")
    COMMUNITY_HALL = "community_hall", _("Community hall")
    COFFEE_SHOP = "coffee_shop", _("Coffee stall")
    OTHER = "other", _("Other venue")
