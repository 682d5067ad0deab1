"""The store writes several rows per INSERT statement (store._insert_rows): the tables must end
exactly as after one INSERT OR REPLACE per row, in order, duplicate keys included."""
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.store import _insert_rows

_SCHEMA = ("CREATE TABLE r (k TEXT PRIMARY KEY, a INTEGER, b TEXT);"
           "CREATE TABLE w (k TEXT, j INTEGER, a REAL, PRIMARY KEY (k, j)) WITHOUT ROWID;")


def _tables(con):
    return (con.execute("SELECT rowid, * FROM r ORDER BY rowid").fetchall(),
            con.execute("SELECT * FROM w").fetchall())


_key = st.sampled_from("abcdefgh")
_rows = st.lists(st.tuples(_key, st.integers(0, 3), st.none() | st.text(max_size=3)), max_size=120)


@settings(max_examples=150, deadline=None)
@given(_rows, st.lists(st.tuples(_key, st.integers(0, 2), st.none() | st.floats(allow_nan=False)), max_size=80))
def test_rows_land_as_one_insert_per_row_would_leave_them(rows, wide):
    one, many = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for con in (one, many):
        con.executescript(_SCHEMA)
        con.execute("INSERT INTO r VALUES ('a', -1, 'old')")
    one.executemany("INSERT OR REPLACE INTO r VALUES (?,?,?)", rows)
    one.executemany("INSERT OR REPLACE INTO w VALUES (?,?,?)", wide)
    _insert_rows(many, "INSERT OR REPLACE INTO r VALUES ", 3, rows)
    _insert_rows(many, "INSERT OR REPLACE INTO w VALUES ", 3, wide)
    assert _tables(many) == _tables(one)
