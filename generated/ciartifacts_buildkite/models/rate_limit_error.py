from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitError")


@_attrs_define
class RateLimitError:
    """
    Attributes:
        message (str):
        scope (str | Unset): Which limit was hit, e.g. `rest_user` or `rest_organization`.
        limit (int | Unset):
        current (int | Unset):
        reset (int | Unset): Seconds until the window resets.
    """

    message: str
    scope: str | Unset = UNSET
    limit: int | Unset = UNSET
    current: int | Unset = UNSET
    reset: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        scope = self.scope

        limit = self.limit

        current = self.current

        reset = self.reset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if limit is not UNSET:
            field_dict["limit"] = limit
        if current is not UNSET:
            field_dict["current"] = current
        if reset is not UNSET:
            field_dict["reset"] = reset

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        scope = d.pop("scope", UNSET)

        limit = d.pop("limit", UNSET)

        current = d.pop("current", UNSET)

        reset = d.pop("reset", UNSET)

        rate_limit_error = cls(
            message=message,
            scope=scope,
            limit=limit,
            current=current,
            reset=reset,
        )

        rate_limit_error.additional_properties = d
        return rate_limit_error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
