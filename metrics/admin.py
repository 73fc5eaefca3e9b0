"""Administrator changes to the unit list, the indicator catalogue and targets.

Each function takes the acting user and checks the admin role itself, checks
the new data against what the store already holds (a unit or indicator that
has figures cannot disappear), and records the change in the audit log.
"""

from __future__ import annotations

import math

from metrics import exports
from metrics.auth import User, require_admin
from metrics.catalogue import (
    UNIT_COLUMNS,
    CatalogueError,
    Field,
    Indicator,
    Unit,
    load_fields,
    load_indicators,
    load_units,
)
from metrics.i18n import both
from metrics.store import Store


def _still_referenced(store: Store, column: str, kept: set[str], source: str) -> None:
    used = set(store.codes_in_use(column))
    gone = sorted(used - kept)
    if gone:
        raise CatalogueError(source, [both("catalogue_code_in_use", codes=", ".join(gone))])


def replace_units(store: Store, actor: User, data: bytes) -> list[Unit]:
    require_admin(actor, "may_replace_units")
    units = load_units(data)
    with store.transaction():  # the check sees exactly what the replace replaces
        _still_referenced(store, "unit_code", {u.code for u in units}, "units.csv")
        store.replace_catalogue(store.fields(), store.indicators(), units)
        store.audit(actor.username, "units_replaced", None, f"{len(units)} đơn vị")
    return units


def units_csv(units: list[Unit]) -> bytes:
    """The unit list as the CSV that `replace_units` takes back (the Administration page, `units export`)."""
    rows = [
        [u.code, u.name_vi, u.name_en, u.kind, u.parent_code, u.valid_from, u.valid_to, u.successor_code, u.portal_code]
        for u in units
    ]
    return exports.to_csv(UNIT_COLUMNS, rows)


def replace_indicators(
    store: Store, actor: User, indicators_csv: bytes, fields_csv: bytes | None = None
) -> list[Indicator]:
    require_admin(actor, "may_replace_catalogue")
    fields: list[Field] = load_fields(fields_csv) if fields_csv else store.fields()
    indicators = load_indicators(indicators_csv, fields)
    with store.transaction():  # the checks see exactly what the replace replaces
        _still_referenced(store, "indicator", {i.code for i in indicators}, "indicators.csv")
        old = {i.code: i for i in store.indicators()}
        changed_kind = [
            i.code for i in indicators if i.code in old and (old[i.code].kind, old[i.code].fields) != (i.kind, i.fields)
        ]
        in_use = set(store.codes_in_use("indicator"))
        locked = sorted(set(changed_kind) & in_use)
        if locked:
            raise CatalogueError("indicators.csv", [both("catalogue_kind_locked", codes=", ".join(locked))])
        store.replace_catalogue(fields, indicators, store.units())
        store.audit(actor.username, "catalogue_replaced", None, f"{len(indicators)} chỉ số")
    return indicators


def set_target(store: Store, actor: User, code: str, target: float | None, source: str | None) -> None:
    require_admin(actor, "may_set_target")
    if target is not None and (math.isnan(target) or target < 0):
        raise CatalogueError(code, [both("target_negative")])
    known = {i.code: i for i in store.indicators()}
    if code not in known:
        raise CatalogueError(code, [both("target_no_indicator")])
    if known[code].is_ratio and target is not None and target > 100:
        raise CatalogueError(code, [both("target_ratio_over")])
    maximum = known[code].maximum
    if maximum is not None and target is not None and target > maximum:
        raise CatalogueError(code, [both("target_score_over", maximum=f"{maximum:g}")])
    source = (source or "").strip() or None
    if target is not None and source is None:
        raise CatalogueError(code, [both("target_no_source")])
    with store.transaction():
        store.update_target(code, target, source)
        store.audit(actor.username, "target_set", code, f"{target} ({source})" if target is not None else "bỏ mục tiêu")
