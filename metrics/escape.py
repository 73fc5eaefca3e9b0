"""Text from files and people made inert wherever it is shown: one helper per kind of place.

Names that administrators load (units, indicators, target sources), unit
codes and values echoed in error messages, labels and file names are data,
never markup. Streamlit reads Markdown in almost every text it draws:
st.markdown, captions, titles, alerts, widget labels and tooltips, page
links, metric labels, st.table cells, segmented-control options. There a
name goes through `markdown()`, which backslash-escapes every ASCII
punctuation mark (CommonMark lets any of them be escaped, and so none can
start a link, an image, emphasis, HTML or one of Streamlit's `:directive[]`s).
GitHub's "autolinks" are found in the text after escapes are read, so an
address (`http://`, `www.`, `name@host`) also gets an invisible word joiner
(U+2060) that its pattern does not match: shown, it stays text, not a link.
HTML we build ourselves (slides, the status grid, plotly's labels) takes
`html()`. Both fold line breaks into spaces: inside `st.markdown(...,
unsafe_allow_html=True)` a blank line ends the HTML block and lets Markdown
read what follows. Plain-text places (selectbox and multiselect options,
st.dataframe cells, text inputs) show text as it is and take neither.
"""

from __future__ import annotations

import html as _html
import re
import string

_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# Where GitHub-flavoured Markdown would see an address: after "scheme:", before the dot of "www." and before "@".
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def one_line(text: object) -> str:
    return _LINE_BREAKS.sub(" ", str(text))


def markdown(text: object) -> str:
    """`text` shown literally where Streamlit reads Markdown."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, one_line(text)))


def html(text: object, quote: bool = True) -> str:
    """`text` shown literally inside HTML (and attribute values, with `quote`)."""
    return _html.escape(one_line(text), quote=quote)
