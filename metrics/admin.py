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
from metrics.store import Store


def _still_referenced(store: Store, column: str, kept: set[str], source: str) -> None:
    used = set(store.codes_in_use(column))
    gone = sorted(used - kept)
    if gone:
        raise CatalogueError(source, [f"mã {', '.join(gone)} đang có số liệu nên không được xoá khỏi danh sách"])


def replace_units(store: Store, actor: User, data: bytes) -> list[Unit]:
    require_admin(actor, "thay danh sách đơn vị")
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
    require_admin(actor, "thay danh mục chỉ số")
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
            raise CatalogueError(
                "indicators.csv", [f"chỉ số {', '.join(locked)} đã có số liệu nên không được đổi loại hoặc cột tính"]
            )
        store.replace_catalogue(fields, indicators, store.units())
        store.audit(actor.username, "catalogue_replaced", None, f"{len(indicators)} chỉ số")
    return indicators


def set_target(store: Store, actor: User, code: str, target: float | None, source: str | None) -> None:
    require_admin(actor, "đặt mục tiêu")
    if target is not None and (math.isnan(target) or target < 0):
        raise CatalogueError(code, ["mục tiêu phải là số không âm"])
    known = {i.code: i for i in store.indicators()}
    if code not in known:
        raise CatalogueError(code, ["không có chỉ số này"])
    if known[code].is_ratio and target is not None and target > 100:
        raise CatalogueError(code, ["mục tiêu của chỉ số tỷ lệ không quá 100 %"])
    maximum = known[code].maximum
    if maximum is not None and target is not None and target > maximum:
        raise CatalogueError(code, [f"mục tiêu không quá điểm tối đa {maximum:g} điểm"])
    source = (source or "").strip() or None
    if target is not None and source is None:
        raise CatalogueError(code, ["cần ghi văn bản đặt ra mục tiêu"])
    with store.transaction():
        store.update_target(code, target, source)
        store.audit(actor.username, "target_set", code, f"{target} ({source})" if target is not None else "bỏ mục tiêu")
