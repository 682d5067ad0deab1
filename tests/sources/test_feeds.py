from datetime import date

import pytest

from eventmap.errors import InputError
from eventmap.sources import read_path

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Clashes near Karintak</title><link>https://example.org/a</link><guid>a1</guid>
<pubDate>Mon, 09 Nov 2020 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Armenian forces clashed near Karintak.&lt;/p&gt;&lt;p&gt;Share this&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom desk</title>
<entry><id>urn:x:1</id><title>Shelling in Shusha</title><updated>2020-11-08T09:00:00Z</updated>
<link href="https://example.org/b"/><content type="html">&lt;p&gt;Artillery shelled Shusha.&lt;/p&gt;</content></entry>
</feed>"""


def test_each_rss_item_is_a_document_with_its_metadata(tmp_path):
    path = tmp_path / "f.rss"
    path.write_text(RSS)
    (doc,) = read_path(path)
    assert (doc.id, doc.url, doc.published, doc.publisher) == ("a1", "https://example.org/a", date(2020, 11, 9), "Desk")
    assert "Armenian forces clashed near Karintak." in doc.text and "Share this" not in doc.text


def test_an_atom_entry_is_a_document(tmp_path):
    path = tmp_path / "f.atom"
    path.write_text(ATOM)
    (doc,) = read_path(path)
    assert doc.published == date(2020, 11, 8) and "Artillery shelled Shusha." in doc.text


def test_a_feed_that_is_not_xml_is_an_error_naming_it(tmp_path):
    path = tmp_path / "f.rss"
    path.write_text("this is not a feed")
    with pytest.raises(InputError, match=r"f\.rss: not an RSS/Atom feed"):
        list(read_path(path))
