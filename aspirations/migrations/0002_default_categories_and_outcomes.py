from django.db import migrations

# code, name, default priority, police matter
CATEGORIES = [
    ("tawuran", "Tawuran", "high", True),
    ("narkoba", "Narkoba", "high", True),
    ("pencurian-curanmor", "Pencurian / curanmor", "normal", True),
    ("premanisme", "Premanisme", "normal", True),
    ("judi", "Perjudian", "normal", True),
    ("balap-liar", "Balap liar", "normal", True),
    ("kenakalan-remaja", "Kenakalan remaja", "normal", True),
    ("gangguan-ketertiban", "Gangguan ketertiban", "normal", True),
    ("lalu-lintas", "Lalu lintas", "normal", True),
    ("konflik-sosial", "Konflik sosial", "high", True),
    ("pemilu-pilkada", "Pemilu/Pilkada (hoaks, politik uang)", "high", True),
    ("bukan-urusan-polisi", "Bukan urusan polisi (penerangan jalan, sampah, banjir…)", "low", False),
    ("lainnya", "Lainnya", "normal", True),
]

OUTCOMES = [
    ("patrol-increased", "Patroli ditingkatkan"),
    ("mediation", "Mediasi / problem solving"),
    ("enforcement", "Penegakan hukum"),
    ("referred", "Dilimpahkan ke instansi lain"),
    ("information-given", "Informasi / imbauan diberikan"),
    ("unfounded", "Tidak terbukti / tidak berdasar"),
    ("other", "Lainnya"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("aspirations", "Category")
    OutcomeCode = apps.get_model("aspirations", "OutcomeCode")
    for order, (code, name, priority, police) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "default_priority": priority, "is_police_matter": police, "order": order * 10},
        )
    for order, (code, name) in enumerate(OUTCOMES, start=1):
        OutcomeCode.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("aspirations", "0001_aspirations")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
