"""The document reader's rules, each at its boundary: the limit itself is accepted, one past it
refused with one line naming the field (chondral.io.documents)."""

import json
import os
import time

import pytest

from chondral.errors import InputDataError
from chondral.io.documents import (
    MAX_DOCUMENT_BYTES,
    MAX_NESTING,
    MAX_NUMBER_CHARS,
    MAX_VALUES,
    check_document,
    load_document,
    parse_document_text,
    read_document_text,
)


def parsed(text, kind="yaml"):
    return parse_document_text(text, kind=kind, name="doc.yaml")


def refused(text, kind="yaml") -> InputDataError:
    with pytest.raises(InputDataError) as caught:
        parsed(text, kind)
    error = caught.value
    assert "\n" not in str(error)
    return error


def nested(depth, kind="yaml"):
    """A list nested ``depth`` levels deep (``[[...]]``)."""
    return "[" * depth + "]" * depth


class TestSizeBeforeReading:
    def test_limit_is_accepted_and_one_byte_more_refused(self, tmp_path):
        path = tmp_path / "doc.yaml"
        path.write_bytes(b"a: " + b"x" * 97)  # 100 bytes
        assert read_document_text(path, limit=100).startswith("a: x")
        path.write_bytes(b"a: " + b"x" * 98)
        with pytest.raises(InputDataError, match="at most 100"):
            read_document_text(path, limit=100)

    def test_the_default_limit_is_five_mebibytes(self, tmp_path):
        path = tmp_path / "doc.yaml"
        path.write_bytes(b"a: " + b"x" * (MAX_DOCUMENT_BYTES - 3))
        assert len(load_document(path)["a"]) == MAX_DOCUMENT_BYTES - 3
        path.write_bytes(b"a: " + b"x" * (MAX_DOCUMENT_BYTES - 2))
        with pytest.raises(InputDataError, match="a document may have at most 5,242,880"):
            load_document(path)

    @pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
    def test_a_device_is_refused_before_a_byte_is_read(self, tmp_path, device):
        if not os.path.exists(device):
            pytest.skip(f"{device} does not exist here")
        link = tmp_path / "case.yaml"
        link.symlink_to(device)
        started = time.perf_counter()
        with pytest.raises(InputDataError, match="not a regular file"):
            load_document(link)
        assert time.perf_counter() - started < 0.5

    def test_a_folder_is_refused(self, tmp_path):
        folder = tmp_path / "case.yaml"
        folder.mkdir()
        with pytest.raises(InputDataError, match="is a folder, not a file"):
            load_document(folder)

    def test_a_fifo_does_not_block(self, tmp_path):
        fifo = tmp_path / "case.yaml"
        os.mkfifo(fifo)
        with pytest.raises(InputDataError, match="not a regular file"):
            load_document(fifo)

    @pytest.mark.parametrize(
        ("name", "words"),
        [
            ("x" * 300 + ".yaml", "cannot be read"),
            ("nul\x00.yaml", "cannot be read"),
            ("missing.yaml", "file not found"),
            ("case.txt", "unsupported file type"),
            ("line\nbreak.yaml", "file not found"),
        ],
    )
    def test_unusable_paths_are_one_line(self, tmp_path, name, words):
        with pytest.raises(InputDataError, match=words) as caught:
            load_document(tmp_path / name)
        assert "\n" not in str(caught.value)
        assert len(str(caught.value)) < 400

    def test_not_utf8(self, tmp_path):
        path = tmp_path / "doc.yaml"
        path.write_bytes(b"a: \xff\xfe")
        with pytest.raises(InputDataError, match="not UTF-8"):
            load_document(path)

    def test_a_byte_order_mark_is_allowed(self, tmp_path):
        path = tmp_path / "doc.json"
        path.write_bytes(b"\xef\xbb\xbf" + b'{"a": 1}')
        assert load_document(path) == {"a": 1}


@pytest.mark.parametrize("kind", ["yaml", "json"])
class TestNesting:
    def test_limit_is_accepted(self, kind):
        document = parsed(nested(MAX_NESTING), kind)
        for _ in range(MAX_NESTING - 1):
            document = document[0]
        assert document == []

    def test_one_level_more_is_refused(self, kind):
        error = refused(nested(MAX_NESTING + 1), kind)
        assert f"nested more than {MAX_NESTING} levels deep" in error.problem

    def test_three_hundred_levels_are_one_short_line(self, kind):
        error = refused(nested(300), kind)
        assert len(str(error)) < 400

    def test_brackets_inside_strings_do_not_count(self, kind):
        text = '{"a": "' + "[" * 500 + '"}'
        assert parsed(text, kind) == {"a": "[" * 500}


@pytest.mark.parametrize("kind", ["yaml", "json"])
class TestValueCount:
    def test_limit_is_accepted(self, kind):
        text = "[" + ",".join(["0"] * (MAX_VALUES - 1)) + "]"  # the list itself is a value
        assert len(parsed(text, kind)) == MAX_VALUES - 1

    def test_one_more_is_refused(self, kind):
        text = "[" + ",".join(["0"] * MAX_VALUES) + "]"
        assert f"more than {MAX_VALUES:,} values" in refused(text, kind).problem


class TestYamlWithoutItsDangerousParts:
    def test_an_alias_bomb_is_refused_at_once(self):
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        for index in range(1, 9):
            name, previous = chr(97 + index), chr(96 + index)
            lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        records = "\n".join(
            f"r{i}: {{id: {i}, data: *a, more: *b}}" for i in range(1400)
        )  # ~51 kB of aliased records
        text = "\n".join(lines) + "\n" + records
        assert len(text) > 50_000
        started = time.perf_counter()
        error = refused(text)
        assert time.perf_counter() - started < 0.5
        assert "anchors (&'a') are not accepted" in error.problem
        assert error.field == "a"

    def test_an_alias_alone_is_refused(self):
        assert "aliases" in refused("a: *x").problem

    @pytest.mark.parametrize(
        "text",
        [
            "a: !!float x",
            "a: !!python/object/apply:os.system ['true']",
            "a: !!str 3",
            "a: !local 3",
            "a: !!binary aGVsbG8=",
            "a: !!set {x, y}",
            "!!map {a: 1}",
            "a: ! 3",
        ],
    )
    def test_explicit_tags_are_refused(self, text):
        assert "YAML tags" in refused(text).problem

    def test_one_document_per_file(self):
        assert "more than one YAML document" in refused("a: 1\n---\nb: 2\n").problem

    def test_timestamps_and_clock_times_stay_text(self):
        document = parsed("date: 2025-03-03\nclock: 1:30\nstart: 08:00\nstamp: 2025-03-03T10:00")
        assert document == {
            "date": "2025-03-03",
            "clock": "1:30",
            "start": "08:00",
            "stamp": "2025-03-03T10:00",
        }

    def test_plain_scalars_keep_their_yaml_types(self):
        document = parsed("i: 12\nf: 1.5\ne: 2.5e+3\nb: yes\nn: ~\nh: 0x1F\nq: '12'\nu: 1_000")
        assert document == {
            "i": 12,
            "f": 1.5,
            "e": 2500.0,
            "b": True,
            "n": None,
            "h": 31,
            "q": "12",
            "u": 1000,
        }

    def test_a_merge_key_is_only_a_name(self):
        assert parsed("a: {'<<': 1}") == {"a": {"<<": 1}}


class TestKeys:
    @pytest.mark.parametrize(
        ("text", "field"),
        [
            ("? [1, 2]\n: 3\n", None),
            ("a:\n  ? {b: 1}\n  : 3\n", "a"),
            ("a:\n  1: x\n  b: y\n", "a"),
            ("a:\n  - yes: 1\n", "a[0]"),
            ("null: 1\n", None),
            ("1.5: 1\n", None),
        ],
    )
    def test_keys_that_are_not_text_are_refused_naming_the_place(self, text, field):
        error = refused(text)
        assert "a key must be text" in error.problem
        assert error.field == field

    def test_a_quoted_key_is_text(self):
        assert parsed("'1': x\n'yes': y\n") == {"1": "x", "yes": "y"}

    @pytest.mark.parametrize("kind", ["yaml", "json"])
    def test_duplicate_keys(self, kind):
        text = "a: 1\na: 2\n" if kind == "yaml" else '{"a": 1, "a": 2}'
        assert "duplicate key 'a'" in refused(text, kind).problem

    def test_a_line_break_in_a_key_stays_escaped(self):
        error = refused('"bad\\nkey": 1\n"bad\\nkey": 2\n')
        assert "\n" not in str(error) and "\\n" in str(error)


class TestNumbers:
    @pytest.mark.parametrize("kind", ["yaml", "json"])
    def test_longest_numeral_is_accepted_and_one_digit_more_refused(self, kind):
        text = "{" + '"a": ' + "9" * MAX_NUMBER_CHARS + "}"
        assert parsed(text, kind)["a"] == int("9" * MAX_NUMBER_CHARS)
        error = refused("{" + '"a": ' + "9" * (MAX_NUMBER_CHARS + 1) + "}", kind)
        assert error.field == "a"
        assert f"at most {MAX_NUMBER_CHARS}" in error.problem

    @pytest.mark.parametrize("kind", ["yaml", "json"])
    def test_an_integer_of_4301_digits_is_refused_cleanly(self, kind):
        error = refused('{"a": [1, ' + "7" * 4301 + "]}", kind)
        assert error.field == "a[1]"
        assert len(str(error)) < 200

    @pytest.mark.parametrize(
        "text", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "1.0e+999", "-2.5e+400"]
    )
    def test_yaml_non_finite_numbers_are_refused_naming_the_field(self, text):
        error = refused(f"hip:\n  radiographic:\n    lcea_deg: {text}\n")
        assert error.field == "hip.radiographic.lcea_deg"
        assert "must be a finite number" in error.problem

    @pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e999", "-1E400"])
    def test_json_non_finite_numbers_are_refused_naming_the_field(self, text):
        error = refused('{"lesions": [{"area_mm2": ' + text + "}]}", "json")
        assert error.field == "lesions[0].area_mm2"
        assert "must be a finite number" in error.problem

    def test_the_largest_finite_float_is_a_number(self):
        assert parsed('{"a": 1.7976931348623157e308}', "json")["a"] == 1.7976931348623157e308

    def test_quoted_nan_is_text_not_a_number(self):
        assert parsed("a: '.nan'") == {"a": ".nan"}


class TestMessages:
    def test_a_long_value_is_quoted_and_shortened(self):
        error = refused("a: " + "1" * 1_000_000)
        assert len(str(error)) < 300

    def test_the_file_name_is_one_line_and_short(self):
        with pytest.raises(InputDataError) as caught:
            parse_document_text("a: .nan", kind="yaml", name="dir\n" + "d" * 500 + "/x.yaml")
        assert "\n" not in str(caught.value)
        assert caught.value.problem.count("d") < 250

    def test_syntax_errors_name_the_line(self):
        assert "line 2" in refused("a: 1\nb: c: d\n").problem
        assert "not valid JSON (line 1" in refused("{", "json").problem


class TestDocumentsInMemory:
    @pytest.mark.parametrize(
        ("document", "field", "words"),
        [
            ({"a": {"b": float("nan")}}, "a.b", "finite"),
            ({"a": [1, float("-inf")]}, "a[1]", "finite"),
            ({"a": {1: "x", "b": "y"}}, "a", "key must be text"),
            ({"a": {("t",): 1}}, "a", "key must be text"),
            ({"a": 10**200}, "a", "digits"),
        ],
    )
    def test_the_same_rules(self, document, field, words):
        with pytest.raises(InputDataError) as caught:
            check_document(document)
        assert caught.value.field == field
        assert words in caught.value.problem

    def test_deep_python_documents(self):
        document: list = []
        for _ in range(MAX_NESTING):
            document = [document]
        with pytest.raises(InputDataError, match="nested"):
            check_document(document)
        check_document(document[0])

    def test_a_valid_document_passes(self):
        check_document(json.loads('{"a": [1, 2.5, "x", null, true, {"b": []}]}'))
