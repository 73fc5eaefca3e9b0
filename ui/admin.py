"""The administration page: accounts, display links, catalogue and targets, audit log.

Every action calls a core function that checks the admin role again, so a
forged request from a non-admin session changes nothing. Actions run as
button callbacks and leave their outcome in session state for the next run.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from metrics import admin, audit_text, auth, escape, exports, fmt, slides
from metrics.catalogue import CatalogueError
from metrics.i18n import error_text, t
from ui import state
from ui.widgets import dataframe, download_buttons

NOTICE = "admin_notice"


def _act(action: Callable[[], str]) -> None:
    """Run an admin action; keep its message (or its refusal) for the next run."""
    try:
        st.session_state[NOTICE] = ("success", action())
    except (auth.AccountError, auth.PermissionDenied, CatalogueError, ValueError) as error:
        st.session_state[NOTICE] = ("error", error_text(error, state.lang()))


def notices() -> None:
    kind, message = st.session_state.pop(NOTICE, (None, None))
    if kind == "success":
        st.success(escape.markdown(message))
    elif kind == "error":
        st.error(escape.markdown(message))


def users_section(actor: auth.User, lang: str) -> None:
    store = state.store()
    users = store.users()
    rows = [
        [
            r["username"],
            r["display_name"],
            t(f"role_{r['role']}", lang),
            ", ".join(r["units"] or []),
            r["email"] or "",
            t("locked" if r["disabled"] else "active", lang),
        ]
        for r in users.iter_rows(named=True)
    ]
    header = [
        t("username", lang),
        t("display_name", lang),
        t("role", lang),
        t("units", lang),
        "E-mail",
        t("col_status", lang),
    ]
    dataframe(pl.DataFrame(rows, schema=header, orient="row"))
    unit_names = {u.code: f"{u.code} · {u.name(lang)}" for u in state.units(state.version()) if u.kind != "province"}
    with st.form("add_user", clear_on_submit=True):
        st.subheader(t("add_user", lang))
        left, right = st.columns(2)
        left.text_input(t("username", lang), key="new_username")
        right.text_input(t("display_name", lang), key="new_display_name")
        left.selectbox(
            t("role", lang),
            auth.ROLES,
            format_func=lambda r: t(f"role_{r}", lang),
            key="new_role",
            placeholder=t("choose_option", lang),
        )
        right.text_input("E-mail (SSO)", key="new_email")
        st.multiselect(
            t("units", lang),
            list(unit_names),
            format_func=unit_names.get,
            key="new_units",
            placeholder=t("choose_units", lang),
        )
        st.text_input(t("password", lang), type="password", key="new_password", help=t("password_rule", lang))
        st.form_submit_button(t("add_user", lang), type="primary", on_click=_add_user, args=(actor,))
    if users.is_empty():
        return
    st.subheader(t("change_user", lang))
    name = st.selectbox(
        t("username", lang), users["username"].to_list(), key="edit_username", placeholder=t("choose_option", lang)
    )
    current = auth.load_user(store, name)
    assert current is not None
    left, right = st.columns(2)
    with left.form("reset_password", clear_on_submit=True):
        st.text_input(
            t("new_password", lang), type="password", key="reset_password_value", help=t("password_rule", lang)
        )
        st.form_submit_button(
            t("set_password", lang), on_click=lambda: _act(lambda: _reset_password(actor, name, lang))
        )
    with right:
        chosen = st.multiselect(
            t("units", lang),
            list(unit_names),
            default=sorted(current.units & set(unit_names)),
            format_func=unit_names.get,
            key=f"units_of_{name}",
            placeholder=t("choose_options", lang),
        )
        st.button(t("save_units", lang), on_click=lambda: _act(lambda: _set_units(actor, name, chosen, lang)))
        verb = "enable" if current.disabled else "disable"
        st.button(t(verb, lang), on_click=lambda: _act(lambda: _set_disabled(actor, name, not current.disabled, lang)))


def _add_user(actor: auth.User) -> None:
    s = st.session_state

    def run() -> str:
        auth.add_user(
            state.store(),
            actor,
            s.new_username,
            s.new_display_name,
            s.new_role,
            s.new_password or None,
            s.new_units,
            s.new_email or None,
        )
        return t("user_added", state.lang(), name=s.new_username)

    _act(run)


def _reset_password(actor: auth.User, name: str, lang: str) -> str:
    auth.set_password(state.store(), actor, name, st.session_state.reset_password_value)
    return t("password_set", lang, name=name)


def _set_units(actor: auth.User, name: str, units: list[str], lang: str) -> str:
    auth.set_units(state.store(), actor, name, units)
    return t("units_saved", lang, name=name)


def _set_disabled(actor: auth.User, name: str, disabled: bool, lang: str) -> str:
    auth.set_disabled(state.store(), actor, name, disabled)
    return t("user_locked" if disabled else "user_unlocked", lang, name=name)


def display_links_section(actor: auth.User, lang: str) -> None:
    st.caption(t("display_links_help", lang))
    fresh = st.session_state.pop("new_display_link", None)
    if fresh:
        st.success(t("display_link_made", lang))
        st.code(fresh, language=None)
    with st.form("new_link", clear_on_submit=True):
        st.text_input(t("display_label", lang), key="new_link_label", placeholder="Hội trường tầng 3")
        st.form_submit_button(t("create_link", lang), type="primary", on_click=_create_link, args=(actor,))
    links = state.store().display_links()
    for row in links.iter_rows(named=True):
        left, right = st.columns([4, 1])
        made = fmt.moment(row["created_at"])
        if row["revoked_at"] is None:
            left.markdown(f"**{escape.markdown(row['label'])}** · {escape.markdown(row['created_by'])} · {made}")
            right.button(
                t("revoke", lang),
                key=f"revoke_{row['token_hash'][:16]}",
                on_click=_revoke_link,
                args=(actor, row["token_hash"]),
            )
        else:
            left.markdown(f"~~{escape.markdown(row['label'])}~~ · {t('revoked', lang)}")


def agendas_section(actor: auth.User, lang: str) -> None:
    """Named, ordered slide lists for meetings; the presentation URL names one with ?agenda=."""
    st.subheader(t("agendas", lang))
    st.caption(t("agendas_help", lang))
    version = state.version()
    indicators, units = state.indicators(version), state.units(version)
    quarters = state.quarters(version)
    in_force = [u for u in units if u.kind != "province" and (not quarters or u.valid_in(quarters[-1]))]
    options = ["title", "tiles", *(f"{kind}:{i.code}" for i in indicators for kind in ("trend", "ranking"))]
    options += ["attention", "index766", "tasks", "conclusions", *(f"unit:{u.code}" for u in in_force)]
    names = slides.slide_names(options, indicators, units, lang)
    with st.form("agenda", clear_on_submit=True):
        st.text_input(t("agenda_name", lang), key="agenda_name", placeholder="hop-quy-3")
        st.multiselect(t("agenda_slides", lang), options, format_func=names.get,
                       key="agenda_slides", placeholder=t("agenda_pick", lang))  # fmt: skip
        st.form_submit_button(t("agenda_save", lang), type="primary", on_click=_save_agenda, args=(actor, lang))
    for name, saved in state.store().agendas().items():
        left, right = st.columns([4, 1])
        address = escape.markdown(f"/presentation?agenda={name}")
        left.markdown(f"**{escape.markdown(name)}** · {len(saved)} {t('agenda_count', lang)} · {address}")
        right.button(
            t("delete", lang),
            key=f"agenda_delete_{name}",
            on_click=lambda n=name: _act(lambda: _delete_agenda(actor, n, lang)),
        )


def _save_agenda(actor: auth.User, lang: str) -> None:
    def run() -> str:
        name = slides.save_agenda(state.store(), actor, st.session_state.agenda_name, st.session_state.agenda_slides)
        return t("agenda_saved", lang, name=name)

    _act(run)


def _delete_agenda(actor: auth.User, name: str, lang: str) -> str:
    slides.delete_agenda(state.store(), actor, name)
    return t("agenda_deleted", lang, name=name)


def _create_link(actor: auth.User) -> None:
    try:
        token = auth.create_display_link(state.store(), actor, st.session_state.new_link_label)
    except auth.PermissionDenied as error:
        st.session_state[NOTICE] = ("error", error_text(error, state.lang()))
        return
    base = str(st.context.url or "").split("?")[0].rsplit("/", 1)[0]
    st.session_state["new_display_link"] = f"{base}/presentation?display={token}"


def _revoke_link(actor: auth.User, token_hash: str) -> None:
    def run() -> str:
        auth.revoke_display_link(state.store(), actor, token_hash)
        return t("link_revoked", state.lang())

    _act(run)


def catalogue_section(actor: auth.User, lang: str) -> None:
    version = state.version()
    indicators, units = state.catalogue(version), state.units(version)
    ind_header = [
        "code",
        "name_vi",
        "name_en",
        "unit_vi",
        "unit_en",
        "kind",
        "direction",
        "numerator",
        "denominator",
        "target",
        "target_source",
        "decimals",
        "maximum",
        "source",
    ]
    ind_rows = [
        [
            i.code,
            i.name_vi,
            i.name_en,
            i.unit_vi,
            i.unit_en,
            i.kind,
            i.direction,
            i.numerator,
            i.denominator or "",
            i.target,
            i.target_source or "",
            i.decimals,
            i.maximum,
            i.source,
        ]
        for i in indicators
    ]
    left, right = st.columns(2)
    left.download_button(
        t("download_units", lang),
        lambda: admin.units_csv(units),
        file_name="units.csv",
        mime="text/csv",
        on_click="ignore",
    )
    right.download_button(
        t("download_indicators", lang),
        lambda: exports.to_csv(ind_header, ind_rows),
        file_name="indicators.csv",
        mime="text/csv",
        on_click="ignore",
    )
    units_file = left.file_uploader(t("replace_units", lang), type=["csv", "xlsx", "ods", "xls"], key="units_file")
    if units_file is not None:
        left.button(
            t("apply", lang),
            key="apply_units",
            on_click=lambda: _act(lambda: _replace_units(actor, units_file.getvalue(), lang)),
        )
    indicators_file = right.file_uploader(t("replace_indicators", lang), type=["csv"], key="indicators_file")
    if indicators_file is not None:
        right.button(
            t("apply", lang),
            key="apply_indicators",
            on_click=lambda: _act(lambda: _replace_indicators(actor, indicators_file.getvalue(), lang)),
        )
    st.subheader(t("targets", lang))
    by_code = {i.code: i for i in indicators}
    code = st.selectbox(
        t("indicator_col", lang),
        list(by_code),
        format_func=lambda c: by_code[c].name(lang),
        key="target_indicator",
        placeholder=t("choose_option", lang),
    )
    chosen = by_code[code]
    with st.form(f"target_{code}"):
        # Text, not st.number_input: its browser-side format writes 80.00, never 80,00.
        value = st.text_input(
            escape.markdown(f"{t('target', lang)} ({chosen.measure(lang)})"),
            value="" if chosen.target is None else fmt.number(chosen.target, chosen.decimals, lang),
            key=f"target_value_{code}_{lang}",
            help=t("target_typed_help", lang),
        )
        source = st.text_input(
            t("target_source_label", lang), value=chosen.target_source or "", key=f"target_source_{code}"
        )
        st.form_submit_button(
            t("save_target", lang), on_click=lambda: _act(lambda: _set_target(actor, code, value, source, lang))
        )


def _replace_units(actor: auth.User, data: bytes, lang: str) -> str:
    return t("units_replaced", lang, n=len(admin.replace_units(state.store(), actor, data)))


def _replace_indicators(actor: auth.User, data: bytes, lang: str) -> str:
    return t("indicators_replaced", lang, n=len(admin.replace_indicators(state.store(), actor, data)))


def _set_target(actor: auth.User, code: str, value: str, source: str, lang: str) -> str:
    typed = st.session_state.get(f"target_value_{code}_{lang}", value)
    try:
        target = fmt.read_number(typed, lang)
    except ValueError:
        raise ValueError(t("target_not_a_number", lang, typed=typed)) from None
    admin.set_target(state.store(), actor, code, target, st.session_state.get(f"target_source_{code}", source))
    return t("target_saved", lang)


def audit_section(lang: str) -> None:
    """The latest 2,000 entries, in the province's time; the downloads are built only when clicked."""
    header = [t("col_when", lang), t("col_actor", lang), t("action", lang), t("target_col", lang), t("detail", lang)]
    shown = audit_table(state.store().audit_log(limit=2000), header, lang)
    dataframe(shown)
    download_buttons(header, shown.rows, "nhat-ky", lang, key="audit", sheet="Nhật ký")


def audit_table(log: pl.DataFrame, header: list[str], lang: str = "vi") -> pl.DataFrame:
    """Audit rows as shown and exported: local time as text, actions and details in `lang`, no empty cells."""
    when = fmt.moment_column("logged_at", seconds=True)
    columns = [
        when,
        pl.col("actor"),
        pl.col("action").replace({code: audit_text.event(code, lang) for code in audit_text.EVENTS}),
        pl.col("target").fill_null(""),
        pl.col("detail").map_elements(lambda d: audit_text.detail(d, lang), return_dtype=pl.String).fill_null(""),
    ]
    return log.select(column.alias(name) for column, name in zip(columns, header, strict=True))
