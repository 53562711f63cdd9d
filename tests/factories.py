"""factory_boy factories. They write through the services, as the app does."""

import factory
from django.utils import timezone

from ngopi.accounts import services as account_services
from ngopi.accounts.enums import Role, UnitKind
from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas import services as area_services
from ngopi.areas.enums import AreaLevel, PostKind
from ngopi.areas.models import Area, Post

PASSWORD = "kamtibmas-test"


class PoliceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = UnitKind.POLDA
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return account_services.create_unit(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"officer{n}")
    role = Role.BHABINKAMTIBMAS
    unit = None
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@polri.example")
    rank = "Aipda"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return account_services.create_officer(password=PASSWORD, **kwargs)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Area {n}")
    level = AreaLevel.PROVINCE
    parent = None
    code = None
    polsek = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return area_services.create_area(**kwargs)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    name = factory.Sequence(lambda n: f"Pos Kamling {n}")
    kind = PostKind.POS_KAMLING
    address = "Jl. Contoh"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return area_services.create_post(**kwargs)


class HimbauanFactory(factory.django.DjangoModelFactory):
    """A himbauan in force from today on; give ``area``, ``unit`` and ``created_by``."""

    class Meta:
        model = "events.Himbauan"

    title = factory.Sequence(lambda n: f"Himbauan {n}")
    body = "Jaga persatuan, jangan terprovokasi hoaks; laporkan politik uang."
    valid_from = factory.LazyFunction(timezone.localdate)
    valid_until = None
    operation = None
