import pytest

from nav_ot.csvimport import CsvFileError, read_rows


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
