"""course/kinds.py is the one list of fence kinds: every other place that names a kind agrees with it."""

from __future__ import annotations

import importlib
import pkgutil
import re

from mkdocs.config import load_config

from course import bridge
from course.kinds import BY_NAME, KINDS, WIDGETS
from tests.conftest import PROJECT
from widgets.build import assemble, fences

ASSETS = PROJECT / "widgets" / "assets"
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_mkdocs_yml_declares_exactly_the_registered_fences():
    config = load_config(str(PROJECT / "mkdocs.yml"))
    declared = config["mdx_configs"]["pymdownx.superfences"]["custom_fences"]
    found = {fence["name"]: (fence["class"], fence["format"], fence["validator"]) for fence in declared}
    expected = {}
    for kind in KINDS:
        module = importlib.import_module(f"widgets.build.fences.{kind.fence}")
        expected[kind.name] = (kind.css_class, module.format, module.validate)
    assert found == expected


def test_every_fence_module_is_a_registered_kind_and_has_format_and_validate():
    modules = {info.name for info in pkgutil.iter_modules(fences.__path__)} - {"common"}
    assert modules == {kind.fence for kind in KINDS}
    for kind in KINDS:
        module = importlib.import_module(f"widgets.build.fences.{kind.fence}")
        assert callable(module.format) and callable(module.validate), kind.name


def browser_modules() -> dict[str, str]:
    """Every module under widgets/assets/ that mounts a widget (exports `mount`), by file name."""
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in ASSETS.glob("*.js")
        if "export function mount(" in path.read_text(encoding="utf-8")
    }


def with_its_imports(source: str) -> str:
    """A module's source followed by that of the modules it imports from widgets/assets/."""
    imported = re.findall(r'\bfrom "\./([\w-]+\.js)";', source)
    return "\n".join([source, *((ASSETS / name).read_text(encoding="utf-8") for name in imported)])


def test_every_widget_has_a_browser_module_and_every_browser_module_a_kind():
    modules = browser_modules()
    assert set(modules) == {kind.script for kind in WIDGETS}
    for kind in WIDGETS:
        source = modules[kind.script]
        # The kind it stores progress under and names in requests to Python (My results asks
        # through the hand-in dialog, handin.js, which every exercise shares).
        assert re.findall(r'^const KIND = "([\w-]+)";', source, re.MULTILINE) == [kind.name]
        assert set(re.findall(r'action: "([\w-]+)"', with_its_imports(source))) == set(kind.actions), kind.name


def test_the_browser_mounts_kinds_from_the_generated_table_not_its_own_list():
    mounter = (ASSETS / "widgets.js").read_text(encoding="utf-8")
    assert 'from "./kinds.js"' in mounter
    assert not [kind.name for kind in KINDS if f'"{kind.name}"' in mounter or f"'{kind.name}'" in mounter]
    table = assemble.kinds_module()
    for kind in WIDGETS:
        assert f'"{kind.name}": () => import("./{kind.script}"),' in table
    assert table.count("import(") == len(WIDGETS)


def test_the_bridge_answers_exactly_the_registered_actions():
    assert set(bridge.HANDLERS) == {("runtime", "hello")} | {
        (kind.name, action) for kind in KINDS for action in kind.actions
    }


def test_every_kind_has_its_readme_section_and_every_widget_parses_its_own_content():
    headings = set(re.findall(r"^#{2,3} .*$", README, re.MULTILINE))
    for kind in KINDS:
        assert kind.readme in headings, kind.name
        section = README.split(kind.readme + "\n", 1)[1].split("\n## ", 1)[0]
        assert f"```{kind.name}" in section, f"{kind.readme} shows no ```{kind.name} example"
    assert all(kind.parse is not None for kind in WIDGETS)


def test_kind_names_are_unique_and_usable_as_fence_names_and_storage_keys():
    assert len(BY_NAME) == len(KINDS)
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", kind.name) for kind in KINDS)
