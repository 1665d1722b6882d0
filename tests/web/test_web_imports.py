"""A web request that does not plan loads no geometry or plotting library: the whole URL map,
every view and the API import without trimesh, scipy, matplotlib, plotly or potpourri3d, and so
does a case page rendered for a signed-in surgeon."""

from __future__ import annotations

import os
from pathlib import Path

from import_probe import loaded_after

HEAVY = ["trimesh", "scipy", "matplotlib", "plotly", "potpourri3d", "embreex", "rtree"]
SET_UP = (
    "import os, tempfile\n"
    "os.environ['CHONDRAL_DATA_DIR'] = tempfile.mkdtemp()\n"
    "os.environ['CHONDRAL_SECRET_KEY'] = 'k' * 50\n"
    "os.environ.pop('CHONDRAL_DATABASE_URL', None)\n"
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'chondral.web.settings'\n"
    "from chondral.web.startup import setup_django\n"
    "setup_django()\n"
)


def test_the_url_map_and_every_view_load_nothing_heavy() -> None:
    code = SET_UP + (
        "from django.urls import get_resolver\n"
        "resolver = get_resolver()\n"
        "resolver.url_patterns\n"
        "import chondral.web.wsgi\n"
    )
    assert loaded_after(code, HEAVY) == []


def test_a_case_page_renders_without_geometry_or_plotting(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "src" / "chondral" / "examples"
    code = SET_UP + (
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.contrib.auth.models import User\n"
        "from django.test import Client\n"
        "from chondral.io.documents import parse_document_text\n"
        "from chondral.web import store\n"
        "from chondral.web.models import Clinic, Profile\n"
        "clinic = Clinic.objects.create(name='c')\n"
        "user = User.objects.create_user('s', password='p' * 20)\n"
        "Profile.objects.create(user=user, role='surgeon', clinic=clinic)\n"
        f"text = open({str(examples / 'borderline-dysplasia.yaml')!r}).read()\n"
        "doc = parse_document_text(text, kind='yaml', name='case')\n"
        "record = store.create_case(doc, user=user, clinic=clinic).record\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "client.force_login(user)\n"
        "for path in ('/cases/', f'/cases/{record.case_id}/'):\n"
        "    response = client.get(path)\n"
        "    assert response.status_code == 200, (path, response.status_code)\n"
    )
    env_before = dict(os.environ)
    assert loaded_after(code, HEAVY) == []
    assert dict(os.environ) == env_before
