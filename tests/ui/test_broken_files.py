"""Every lab that saves refuses every broken session file with a reason and changes nothing, or
loads a valid config that it then draws; the window shows a file's lab only once it loaded.

Generic over the lab registry: a new lab, a new config field or a new part of a session file
(the approximation lab's ``xor``) is covered without a new test. The fields and their shapes
come from what the lab itself saves and from its presets.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.state.presets import list_presets
from explorer.state.serialize import MAX_FILE_BYTES, SessionFileError
from explorer.ui.labs import LABS
from explorer.ui.labs.base import LabPage

PAGES = [lab.load() for lab in LABS]  # the registry's page classes
STATEFUL = [lab for lab in PAGES if lab.make_session is not LabPage.make_session]

#: values no field expects, or expects only within limits
HOSTILE: list[Any] = [
    10**30, -(10**30), 2**53 + 1, 2**31, 1e308, -1e308, 5e-324, -1, 0, 1.5, -0.0,
    float("nan"), float("inf"), float("-inf"),
    "", " ", "NaN", "-inf", "x" * 100_000, "é∂\u202e\x00", "1e308",
    True, False, None,
    [], {}, [[[[1]]]], {"a": {"b": [1, 2]}}, [1.5, "a", None], ["x"] * 1000,
    [[None, None, None]], [["x" * 50, 1e308]], [[0.0, 0.0, 0.0]] * 1000,
    json.loads("[" * 400 + "]" * 400),
]  # fmt: skip


def saved(page: LabPage, folder: Path) -> dict:
    """What the page would save now (its whole state, every part), without the version."""
    document = json.loads(page.save_to(folder / "_state.json").read_text(encoding="utf-8"))
    document.pop("explorer")
    return document


def write(folder: Path, document: Any, name: str = "broken.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")  # NaN and Infinity as JS literals
    return path


def draw(page: LabPage, qtbot) -> None:
    """What the event loop would do next: draw, finish background work, draw again."""
    page.flush()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    page.flush()


def check_valid(page: LabPage) -> None:
    validate = getattr(page.session.config, "validate", None)
    if validate is not None:
        validate()


def names_the_problem(message: str, field: str, value: Any) -> bool:
    """The refusal names the field (as written, in words, or a word of it such as "points" of
    ``n_points``) or quotes the text (or the text element) that is wrong."""
    text, field = message.lower(), field.lower()
    words = {field, field.replace("_", " "), field.replace("_", "-")}
    words |= {word for word in field.split("_") if len(word) >= 4}
    words |= {word.rstrip("s") for word in words}
    parts = [value, *(value[:3] if isinstance(value, list) else [])]  # or an element of it
    quoted = [repr(part)[:12].lower() for part in parts if isinstance(part, str)]
    return any(w in text for w in words if w) or any(q in text for q in quoted)


def sections(document: dict) -> list[str]:
    """The top-level objects of a session file that hold settings (``config`` and parts)."""
    return [key for key, value in document.items() if isinstance(value, dict)]


def field_paths(document: dict, names: list[str]) -> list[tuple]:
    """Paths to every setting, every element of a list setting and one level deeper."""
    paths = []
    for section in names:
        for key, value in document.get(section, {}).items():
            paths.append((section, key))
            if isinstance(value, list):
                for i, item in enumerate(value[:2]):
                    paths.append((section, key, i))
                    if isinstance(item, list):
                        paths += [(section, key, i, j) for j in range(len(item))]
    return paths


def with_value(document: dict, path: tuple, value: Any) -> dict:
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


def base_documents(page: LabPage, folder: Path) -> list[dict]:
    """The page's defaults and its presets, as session files hold them."""
    documents = [saved(page, folder)]
    for preset in list_presets(page.key):
        document = json.loads(preset.path.read_text(encoding="utf-8"))
        documents.append({k: v for k, v in document.items() if k not in ("title", "description")})
    return documents


class Loader:
    """Loads a file into a page and checks the one of the two allowed outcomes it has."""

    def __init__(self, page: LabPage, folder: Path, qtbot) -> None:
        self.page, self.folder, self.qtbot = page, folder, qtbot
        self.refused = self.loaded = 0
        self.crashes: list | None = None  # a list: draw failures are collected, not raised

    def load(self, path: Path) -> str | None:
        """Load ``path``: the reason it was refused (state unchanged), or None (drawn)."""
        before = saved(self.page, self.folder)
        try:
            self.page.load_from(path)
        except SessionFileError as error:
            assert saved(self.page, self.folder) == before, f"a refused {path.name} changed state"
            message = str(error)
            assert message and len(message) < 600, message
            self.refused += 1
            return message
        check_valid(self.page)
        self.loaded += 1
        if self.crashes is None:
            draw(self.page, self.qtbot)
            return None
        try:
            draw(self.page, self.qtbot)
        except Exception as error:  # collected: the test lists every one
            self.crashes.append((self.page.key, path.read_text()[:300], repr(error)[:200]))
        return None

    def reset(self, document: dict) -> None:
        assert self.load(write(self.folder, document, "base.json")) is None


@pytest.fixture(params=STATEFUL, ids=lambda lab: lab.key)
def page(request, show_page):
    page = show_page(request.param(), (1100, 760))
    yield page
    page.set_playing(False)


# --- the file as a whole -------------------------------------------------------------------------


def whole_file_cases(key: str, valid: dict) -> list[tuple[str, bytes, str]]:
    """(case, content, what the refusal says) for a lab ``key`` whose valid file is ``valid``."""
    text = json.dumps(valid)
    config_key = next(iter(valid["config"]))
    other_labs = [lab.key for lab in LABS if lab.key != key]
    cases = [
        ("empty", b"", "empty"),
        ("blank", b"  \r\n\t", "empty"),
        ("binary", bytes(range(256)) * 16, "not"),
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not text"),
        ("deep list", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        ("deep object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
        ("deep field", text.replace(f'"{config_key}": ', f'"{config_key}": ' + "[" * 100_000,
                                    1).encode(), "nested too deeply"),
        ("huge", (text[:-1] + " " * MAX_FILE_BYTES + "}").encode(), "larger than"),
        ("truncated", text[: len(text) // 2].encode(), "not a valid"),
        ("utf-8 with latin-1 bytes", text.replace('"config"', '"c\xf6nfig"').encode("latin-1"),
         "not text"),
        ("list", b"[1, 2, 3]", "no lab/config"),
        ("string", b'"config"', "no lab/config"),
        ("number", b"1e999", "no lab/config"),
        ("null", b"null", "no lab/config"),
        ("no config", json.dumps({"lab": key}).encode(), "no lab/config"),
        ("config is a list", json.dumps({"lab": key, "config": []}).encode(), "object"),
        ("unknown lab", json.dumps({**valid, "lab": "nope"}).encode(), "'nope' lab"),
        ("lab is a list", json.dumps({**valid, "lab": [key]}).encode(), "lab"),
        ("unknown setting", json.dumps({**valid, "config": {"zzz": 1}}).encode(), "zzz"),
        *[(f"{other} lab", json.dumps({**valid, "lab": other}).encode(), f"'{other}' lab")
          for other in other_labs],
    ]  # fmt: skip
    for literal in ("NaN", "Infinity", "-Infinity"):
        document = {**valid, "config": {**valid["config"], config_key: "@"}}
        content = json.dumps(document).replace('"@"', literal).encode()
        cases.append((literal, content, f"{literal} is not a number"))
    return cases


def test_every_broken_whole_file_is_refused_by_name(page, tmp_path, qtbot):
    loader = Loader(page, tmp_path, qtbot)
    valid = saved(page, tmp_path)
    for case, content, reason in whole_file_cases(page.key, valid):
        path = tmp_path / "broken.json"
        path.write_bytes(content)
        message = loader.load(path)
        assert message is not None, f"{page.key}: the {case} file was loaded"
        assert reason.lower() in message.lower(), (page.key, case, message)
        assert path.read_bytes() == content  # nothing overwritten
    assert loader.refused == len(whole_file_cases(page.key, valid))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_encodings_json_allows_load_the_same_config(page, tmp_path, qtbot, encoding):
    """A byte-order mark (Notepad) or UTF-16 (PowerShell's ``>``) loads like plain UTF-8."""
    loader = Loader(page, tmp_path, qtbot)
    document = base_documents(page, tmp_path)[-1]  # a preset where the lab has one
    plain = write(tmp_path, document, "plain.json")
    assert loader.load(plain) is None
    expected = saved(page, tmp_path)
    loader.reset(base_documents(page, tmp_path)[0])
    encoded = tmp_path / "encoded.json"
    encoded.write_bytes(plain.read_text(encoding="utf-8").encode(encoding))
    assert loader.load(encoded) is None
    assert saved(page, tmp_path) == expected


# --- every setting set to hostile values ---------------------------------------------------------


def test_every_setting_with_hostile_values_is_refused_or_drawn(page, tmp_path, qtbot):
    """Each setting of the defaults, and each element of a list setting (of the defaults or of
    the first preset where that list has elements), set to each hostile value: refused with a
    reason naming it, or a valid config drawn."""
    loader = Loader(page, tmp_path, qtbot)
    loader.crashes = []
    unnamed = []
    documents = base_documents(page, tmp_path)
    names = sections(documents[0])
    cases = 0
    seen: set[tuple] = set()  # a list's elements once: from the first file where it has some
    for document in documents:
        paths = [path for path in field_paths(document, names) if path[:2] not in seen]
        seen |= {path[:2] for path in paths if len(path) > 2}
        if document is documents[0]:
            paths += [(section,) for section in names if section != "config"]
        else:
            paths = [path for path in paths if len(path) > 2]
        for path in paths:
            field = next((str(step) for step in reversed(path) if isinstance(step, str)), "")
            for value in HOSTILE:
                cases += 1
                message = loader.load(write(tmp_path, with_value(document, path, value)))
                if message is None:
                    loader.reset(documents[0])
                elif not names_the_problem(message, field, value):
                    unnamed.append((path, repr(value)[:40], message))
    print(f"{page.key}: {cases} cases, {loader.refused} refused, {loader.loaded} drawn")
    assert not loader.crashes, "\n".join(map(str, loader.crashes))
    assert not unnamed, "\n".join(map(str, unnamed[:20]))
    # a real matrix: most hostile values are refused, and a few are valid and drawn
    assert cases >= len(documents[0]["config"]) * len(HOSTILE)
    assert loader.refused > cases / 2 and loader.loaded > 0, (loader.refused, loader.loaded)


JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.builds(str.__mul__, st.sampled_from(["a", "∂", "(", "x+"]), st.integers(4_000, 11_000))
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_hostile_settings_are_refused_or_drawn(page, tmp_path, qtbot, data):
    """Hypothesis: up to three settings (or elements) of a default or preset file at once set
    to any JSON value, or to a number just outside or inside the range a slider allows."""
    loader = Loader(page, tmp_path, qtbot)
    documents = base_documents(page, tmp_path)
    document = data.draw(st.sampled_from(documents), label="base")
    paths = field_paths(document, sections(documents[0]))
    chosen = data.draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True))
    for path in sorted(chosen, key=len, reverse=True):  # an element before its whole list
        current = _get(document, path)
        value = data.draw(_near(current) | JSON_VALUES, label="value")
        document = with_value(document, path, value)
    if loader.load(write(tmp_path, document)) is None:
        event("loaded and drawn")  # --hypothesis-show-statistics counts the two outcomes
        loader.reset(documents[0])
    else:
        event("refused")


def _get(document: dict, path: tuple) -> Any:
    for step in path:
        document = document[step]
    return document


def _near(value: Any) -> st.SearchStrategy:
    """Values of the same type as ``value``: where a slider's limits bite."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=-(2**54), max_value=2**54) | st.sampled_from(
            [value - 1, value + 1, -value, value * 1000]
        )
    if isinstance(value, float):
        finite = st.floats(allow_nan=False, allow_infinity=False)
        return finite | st.sampled_from(
            [-value, value * 1e6, value / 1e6, math.nextafter(value, 0)]
        )
    if isinstance(value, str):
        return st.text(max_size=20) | st.just(value.upper()) | st.just(value + " ")
    return JSON_VALUES


# --- labs without settings, and the window -------------------------------------------------------


def test_a_lab_without_settings_refuses_every_file(coming_lab, tmp_path, show_page):
    page = show_page(coming_lab.load()(), (1100, 760))  # every stateless lab is a coming one
    path = write(tmp_path, {"explorer": "0.1.0", "lab": page.key, "config": {}})
    with pytest.raises(SessionFileError, match="no settings"):
        page.load_from(path)


@pytest.fixture
def warnings(monkeypatch) -> list:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    return shown


def other_lab_file(window, tmp_path, config: Any) -> tuple[LabPage, Path]:
    """A file naming a lab with settings other than the one on screen."""
    target = next(p for p in window.pages if p.session is not None and p is not window.current_page)
    document = {"explorer": "0.1.0", "lab": target.key, "config": config}
    return target, write(tmp_path, document, "other.json")


def test_a_broken_file_of_another_lab_does_not_switch_the_lab(window, tmp_path, warnings):
    shown = window.current_page
    target, path = other_lab_file(window, tmp_path, {"zzz": [[[[1]]]]})
    before = saved(target, tmp_path)
    assert not window.load_session_file(path)
    assert window.current_page is shown and window.navigator.currentRow() == window.pages.index(
        shown
    )
    assert saved(target, tmp_path) == before
    assert len(warnings) == 1 and "zzz" in warnings[0][2] and "other.json" in warnings[0][2]


def test_a_file_for_a_lab_without_settings_does_not_switch_to_it(coming_lab, window, tmp_path,
                                                                 warnings):  # fmt: skip
    shown = window.current_page
    path = write(tmp_path, {"explorer": "0.1.0", "lab": coming_lab.key, "config": {}})
    assert not window.load_session_file(path)
    assert window.current_page is shown
    assert len(warnings) == 1 and "no settings" in warnings[0][2]


def test_a_deeply_nested_file_opened_from_the_menu_is_refused(window, tmp_path, warnings,
                                                              monkeypatch):  # fmt: skip
    from PySide6.QtWidgets import QFileDialog

    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    shown = window.current_page
    before = saved(shown, tmp_path)
    window.open_action.trigger()
    assert len(warnings) == 1 and "nested too deeply" in warnings[0][2]
    assert window.current_page is shown and saved(shown, tmp_path) == before


def test_a_good_file_of_another_lab_loads_there_and_shows_it(window, tmp_path, warnings, qtbot):
    target, _ = other_lab_file(window, tmp_path, {})
    presets = list_presets(target.key)
    if not presets:
        pytest.skip(f"the {target.key} lab has no preset to load")
    assert window.load_session_file(presets[0].path)
    assert window.current_page is target and not warnings
    assert "Loaded" in window.statusBar().currentMessage()
    expected = json.loads(presets[0].path.read_text(encoding="utf-8"))["config"]
    state = saved(target, tmp_path)["config"]
    assert {key: state[key] for key in expected} == expected
