import pytest

from nav_ot.csvimport import MAX_ERRORS_SHOWN, CsvFileError, ImportReport, read_rows


def rows(text: str, **kwargs):
    return list(read_rows(text.encode(), required=kwargs.get("required", ("a", "b"))))


def test_line_numbers_follow_the_file_through_blank_lines_and_quoted_newlines():
    text = 'a,b\n1,x\n\n2,"to\nlinjer"\n3,y\n'
    result = rows(text)
    assert [(row.line, row.get("a")) for row in result] == [(2, "1"), (4, "2"), (6, "3")]
    assert result[1].get("b") == "to\nlinjer"


def test_header_is_trimmed_and_case_insensitive_and_short_rows_are_padded():
    result = rows(" A ;B\n1\n")
    assert result[0].values == {"a": "1", "b": ""}


def test_missing_columns_are_named():
    with pytest.raises(CsvFileError, match="Mangler kolonne\\(r\\): b"):
        rows("a,c\n1,2\n")


def test_a_row_with_more_values_than_columns_is_flagged_not_shifted():
    result = rows("a,b\n1,Team A, Oslo\n2,ok\n")
    assert "3 verdier, men 2 kolonner" in result[0].problem
    assert result[1].problem is None


def test_repeated_columns_are_refused():
    with pytest.raises(CsvFileError, match="mer enn én gang: a"):
        rows("a,b,A\n1,2,3\n")


def test_an_unclosed_quote_is_reported_where_it_opened_and_the_lines_after_are_read_again():
    result = rows('a,b\n1,"åpen\n2,x\n3,"to\nlinjer"\n4,"aldri lukket\n')
    assert [(row.line, row.get("a"), row.problem) for row in result] == [
        (2, "", "uavsluttet anførselstegn"),
        (3, "2", None),
        (4, "3", None),
        (6, "", "uavsluttet anførselstegn"),
    ]


def test_a_quote_inside_an_unquoted_value_is_kept_as_the_csv_module_reads_it():
    assert rows('a,b\n1,5" skjerm\n')[0].get("b") == '5" skjerm'


def test_rows_missing_values_of_required_columns_are_flagged_optional_ones_may_be_left_out():
    result = list(read_rows(b"a,b,c\n1\n2,x\n", required=("a", "b"), optional=("c",)))
    assert result[0].problem == "mangler verdier for kolonnene b"
    assert result[1].problem is None


def test_control_characters_and_overlong_values_are_flagged():
    text = "a,b\n1,Ola\x00\n2,Ola\x1b\n3,\tOla\n4,ABCDE\n"
    result = list(read_rows(text.encode(), required=("a", "b"), limits={"b": 4}))
    assert [row.problem for row in result] == [
        "ugyldig tegn i feltet b",
        "ugyldig tegn i feltet b",
        None,
        "b er for lang: 5 tegn, høyst 4",
    ]


def test_the_encoding_is_decided_by_the_whole_file_not_its_first_block(tmp_path):
    path = tmp_path / "stor.csv"
    path.write_bytes(b"a,b\n" + b"1,x\n" * 600_000 + "2,Bodø\n".encode("cp1252"))
    assert list(read_rows(path, required=("a", "b")))[-1].get("b") == "Bodø"


def test_the_report_keeps_the_first_errors_and_counts_the_rest_by_kind():
    report = ImportReport()
    for line in range(2, MAX_ERRORS_SHOWN + 52):
        report.error(line, f"NAV-kontoret «{line}» finnes ikke")
    report.error(9999, "fornavn og etternavn må fylles ut")
    assert len(report.errors) == MAX_ERRORS_SHOWN
    assert report.error_count == MAX_ERRORS_SHOWN + 51
    assert report.error_kinds == {
        "NAV-kontoret «…» finnes ikke": MAX_ERRORS_SHOWN + 50,
        "fornavn og etternavn må fylles ut": 1,
    }
    assert not report.ok
