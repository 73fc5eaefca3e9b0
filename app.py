"""The frame of the dashboard: page config, sign-in, shared filters and navigation."""

import time
from pathlib import Path

import streamlit as st

from metrics import escape
from metrics.auth import User
from metrics.i18n import t
from metrics.quarters import quarter_label
from metrics.store import StoreError
from ui import access, state, streamlit_hooks, widgets

FAVICON = Path(__file__).resolve().parent / "ui" / "assets" / "favicon.png"


def app_pages(user: User | None, lang: str) -> list[st.Page]:
    """The pages this person may open; everyone's pages when nobody has signed in yet.

    Before sign-in the list only routes the address: /unit stays /unit under
    the sign-in form and opens once the person is in. No page runs for them.
    """
    overview = st.Page(
        "app_pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", url_path="overview"
    )
    pages = [
        # The root address opens the overview at its own address. Streamlit serves
        # its default page at the root only, so an overview that was the default
        # would make a bookmarked /overview "Page not found" (issue 15).
        st.Page(
            lambda: st.switch_page(overview, query_params=st.query_params.to_dict()),
            title=t("page_overview", lang),
            url_path="start",
            default=True,
            visibility="hidden",
        ),
        overview,
        st.Page("app_pages/unit.py", title=t("page_unit", lang), icon=":material/apartment:", url_path="unit"),
        st.Page(
            "app_pages/indicator.py",
            title=t("page_indicator", lang),
            icon=":material/monitoring:",
            url_path="indicator",
        ),
        st.Page("app_pages/tasks.py", title=t("page_tasks", lang), icon=":material/assignment:", url_path="tasks"),
        st.Page("app_pages/meetings.py", title=t("page_meetings", lang), icon=":material/groups:", url_path="meetings"),
        st.Page(
            "app_pages/index766.py", title=t("page_index766", lang), icon=":material/leaderboard:", url_path="index766"
        ),
        st.Page(
            "app_pages/presentation.py",
            title=t("page_presentation", lang),
            icon=":material/co_present:",
            url_path="presentation",
        ),
    ]
    if user is None or user.role in ("unit_staff", "admin"):
        pages.append(
            st.Page(
                "app_pages/upload.py", title=t("page_upload", lang), icon=":material/upload_file:", url_path="upload"
            )
        )
    pages.append(
        st.Page(
            "app_pages/reporting.py", title=t("page_reporting", lang), icon=":material/checklist:", url_path="reporting"
        )
    )
    if user is None or user.is_admin:
        pages.append(
            st.Page("app_pages/admin.py", title=t("page_admin", lang), icon=":material/settings:", url_path="admin")
        )
    return pages


started = time.perf_counter()
# The icon is a file of ours: a `:material/...:` icon here would be fetched from
# Google's servers by the browser, and the province's network may be closed.
st.set_page_config(page_title="Bảng điều hành UBND tỉnh", page_icon=str(FAVICON), layout="wide")
# Printing (Ctrl+P) gives A4 landscape pages of the content only: no sidebar,
# toolbar or buttons, and charts kept whole on a page.
st.html(
    """<style>
    [data-testid="stCaptionContainer"] { color: #4D4D4D; }  /* 8:1 on white, not the faded default */
    /* A wide or long grid scrolls in its own box, not the page, its header row in view. */
    .st-key-status_grid { overflow: auto; max-height: 80vh; }
    /* The overview's tiles: four abreast where a figure fits whole, else two (1024 px with the sidebar open);
       a tile's change and its "vs previous quarter" wrap rather than end in "…". On a phone Streamlit stacks them. */
    .st-key-overview_tiles { container-type: inline-size; }
    @container (min-width: 480px) and (max-width: 760px) {
      .st-key-overview_tiles [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
      .st-key-overview_tiles [data-testid="stColumn"] { flex: 1 1 calc(50% - 1rem) !important; min-width: calc(50% - 1rem) !important; }
    }
    /* Charts side by side (the Decision 766 page) stand one above the other below 760 px of content. */
    [class*="st-key-stack_narrow_"] { container-type: inline-size; }
    @container (min-width: 480px) and (max-width: 760px) {
      [class*="st-key-stack_narrow_"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
      [class*="st-key-stack_narrow_"] [data-testid="stColumn"] { flex: 1 1 100% !important; min-width: 100% !important; }
    }
    .st-key-overview_tiles div:has(> [data-testid="stMetricDelta"]) { flex-wrap: wrap; }
    .st-key-overview_tiles [data-testid="stMetricDeltaDescription"] .stMarkdownEllipsis { white-space: normal; overflow: visible; }
    /* A phone (390 px): the page never scrolls sideways; tables and the ranking charts scroll in their own box,
       keeping columns and unit names readable, and long links wrap. */
    @media (max-width: 640px) {
      [data-testid="stPageLink-NavLink"] :is(span, div, p) { white-space: normal !important; overflow: visible !important; }
      [data-testid="stTable"] { overflow-x: auto; }
      [data-testid="stTable"] table { min-width: 600px; }
      [data-testid="stTable"] td:not(:first-child) { white-space: nowrap; }  /* "89,73 %" on one line */
      [class*="st-key-wide_chart_"] { overflow-x: auto; }
      [class*="st-key-wide_chart_"] > * { min-width: 560px; }
      .modebar-container { display: none !important; }  /* its buttons cover the chart's title on a phone */
    }
    @media print {
      @page { size: A4 landscape; margin: 10mm; }
      [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
      [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"], .modebar { display: none !important; }
      [data-testid="stMain"] { overflow: visible !important; }
      .st-key-status_grid { max-height: none !important; overflow: visible !important; }
      [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
      [data-testid="stPlotlyChart"], [data-testid="stMetric"], table { break-inside: avoid; }
    }
    </style>"""
)

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
state.url_filter("lang", list(LANGUAGES), "vi", label=lambda code, _: LANGUAGES[code])
lang = state.lang()
# Streamlit's own widget texts (uploader, pickers) in the interface's language: see ui/streamlit_hooks.py.
st.html(streamlit_hooks.widget_texts_script(lang), unsafe_allow_javascript=True)
try:
    state.store()
except StoreError as error:  # e.g. the file is held by another process
    st.error(escape.markdown(error.text(lang)))
    st.stop()

who = access.current()
st.session_state["current_user"] = who.user
st.session_state["current_access"] = who


if who.display_only:  # a projector's read-only link: the presentation and nothing else
    # Every page is routed (hidden) and only the presentation runs. A list of
    # the presentation alone would make it the default page, served at the
    # root: /presentation would then be "not found" and Streamlit would say so
    # over the slides.
    routed = app_pages(None, lang)
    opened = st.navigation(routed, position="hidden")
    if opened.url_path != "presentation":
        st.switch_page(next(p for p in routed if p.url_path == "presentation"), query_params=st.query_params.to_dict())
    opened.run()
    state.ran(opened.url_path)
    st.stop()
if who.user is None:
    # Hidden navigation: it routes the address (/unit stays /unit under the
    # form, opened after sign-in) and lists no page to people not signed in.
    st.navigation(app_pages(None, lang), position="hidden")
    if st.query_params.get("display"):
        st.error(t("display_link_invalid", lang))
    access.sign_in_form(lang)
    st.stop()

pages = app_pages(who.user, lang)
state.register_pages(pages)
current = st.navigation(pages)  # drawn at the top of the sidebar wherever it is called
if current.url_path == "":
    # The root: on to the overview's own address before anything of this run is
    # drawn (the kept sign-in's element below must reach the browser).
    st.switch_page(state.page("overview"), query_params=st.query_params.to_dict())

with st.sidebar:
    st.segmented_control(
        "Ngôn ngữ / Language",
        list(LANGUAGES),
        required=True,
        format_func=LANGUAGES.__getitem__,
        key="lang",
    )
    available = list(reversed(state.quarters(state.version())))
    if available:
        state.url_filter("quarter", available, available[0], label=quarter_label)
        st.selectbox(
            t("quarter", lang),
            available,
            format_func=lambda code: quarter_label(code, lang),
            key="quarter",
            placeholder=t("choose_option", lang),
        )
    st.caption(
        escape.markdown(t("signed_in_as", lang, name=who.user.display_name, role=t(f"role_{who.user.role}", lang)))
    )
    # Read as a value, not an on_click callback: after a server restart the
    # page's first click reaches a new session that never registered callbacks.
    if st.button(t("sign_out", lang), icon=":material/logout:"):
        access.sign_out()
        st.rerun()
    access.keep_sign_in()

if current.url_path != "presentation":  # the slides say it on their title slide
    widgets.stale_notice(lang)
drawn_with = state.version()  # what the page shows; it reruns when the store moves on
current.run()
state.ran(current.url_path)
if current.url_path != "presentation":  # the presentation follows the data on its own timer
    state.follow_data_version(drawn_with)
state.record_run_time(current.url_path, started)
