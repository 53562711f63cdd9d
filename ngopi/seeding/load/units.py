"""Scale data for benchmarks (``seed_load``): a realistic Polda built in bulk.

Default sizes: 1 Polda, 10 Polres × 6 Polsek (≈ 60 units), each Polsek covering 5 kelurahan of
10 RWs with one Pos Kamling each (3,000 RWs and posts), one Bhabinkamtibmas per kelurahan.
Names are generated; codes start with ``LOAD.`` so the data is easy to recognise.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ngopi.accounts.enums import Role, UnitKind
from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.enums import AreaLevel, PostKind
from ngopi.areas.models import Area, Post
from ngopi.core import tree


@transaction.atomic
def seed_units_and_areas(
    *,
    polres: int = 10,
    polsek_per_polres: int = 6,
    villages_per_polsek: int = 5,
    rws_per_village: int = 10,
    prefix: str = "load",
) -> dict[str, int]:
    if PoliceUnit.objects.filter(code=f"{prefix}-polda").exists():
        return {"load_units": 0}
    polda = PoliceUnit(name=f"Polda {prefix.title()}", code=f"{prefix}-polda", kind=UnitKind.POLDA)
    tree.place(polda, None)
    polda.save()
    units_polres, units_polsek = [], []
    for r in range(polres):
        unit = PoliceUnit(
            name=f"Polres {prefix.title()} {r + 1:02d}", code=f"{prefix}-polres-{r + 1}", kind=UnitKind.POLRES
        )
        tree.place(unit, polda)
        units_polres.append(unit)
    PoliceUnit.objects.bulk_create(units_polres)
    for r, parent in enumerate(units_polres):
        for s in range(polsek_per_polres):
            unit = PoliceUnit(
                name=f"Polsek {prefix.title()} {r + 1:02d}-{s + 1:02d}",
                code=f"{prefix}-polsek-{r + 1}-{s + 1}",
                kind=UnitKind.POLSEK,
            )
            tree.place(unit, parent)
            units_polsek.append(unit)
    PoliceUnit.objects.bulk_create(units_polsek, batch_size=1000)

    province = Area(name=f"Provinsi {prefix.title()}", level=AreaLevel.PROVINCE, code=f"{prefix.upper()}.P")
    tree.place(province, None)
    province.save()
    cities, districts, villages, rws = [], [], [], []
    for r, _unit in enumerate(units_polres):
        city = Area(name=f"Kota {prefix.title()} {r + 1:02d}", level=AreaLevel.CITY)
        tree.place(city, province)
        cities.append(city)
    Area.objects.bulk_create(cities)
    polsek_iter = iter(units_polsek)
    village_polsek = []
    for city in cities:
        for s in range(polsek_per_polres):
            district = Area(name=f"Kecamatan {city.name[-2:]}-{s + 1:02d}", level=AreaLevel.DISTRICT)
            tree.place(district, city)
            districts.append((district, next(polsek_iter)))
    Area.objects.bulk_create([d for d, _p in districts], batch_size=1000)
    for district, polsek in districts:
        for v in range(villages_per_polsek):
            village = Area(
                name=f"Kelurahan {district.name[-5:]}-{v + 1:02d}", level=AreaLevel.VILLAGE, polsek=polsek
            )
            tree.place(village, district)
            villages.append(village)
            village_polsek.append(polsek)
    Area.objects.bulk_create(villages, batch_size=1000)
    for village in villages:
        for w in range(rws_per_village):
            rw = Area(name=f"RW {w + 1:02d}", level=AreaLevel.RW)
            tree.place(rw, village)
            rws.append(rw)
    Area.objects.bulk_create(rws, batch_size=2000)
    Post.objects.bulk_create(
        [
            Post(name=f"Pos Kamling {rw.name} {rw.parent.name}", kind=PostKind.POS_KAMLING, rw=rw)
            for rw in rws
        ],
        batch_size=2000,
    )
    password = make_password(None)  # unusable: load users cannot sign in
    officers = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-bhabin-{i}",
                role=Role.BHABINKAMTIBMAS,
                unit=polsek,
                password=password,
                first_name="Bhabin",
                last_name=str(i),
            )
            for i, polsek in enumerate(village_polsek)
        ],
        batch_size=2000,
    )
    through = Area.bhabinkamtibmas.through
    through.objects.bulk_create(
        [through(area_id=v.pk, user_id=o.pk) for v, o in zip(villages, officers, strict=True)],
        batch_size=2000,
    )
    return {
        "load_units": 1 + len(units_polres) + len(units_polsek),
        "load_rws": len(rws),
        "load_posts": len(rws),
        "load_officers": len(officers),
    }
