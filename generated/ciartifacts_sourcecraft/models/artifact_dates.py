from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ArtifactDates")


@_attrs_define
class ArtifactDates:
    """
    Attributes:
        registered_at (datetime.datetime | Unset):
        obtained_at (datetime.datetime | Unset):
        updated_at (datetime.datetime | Unset):
    """

    registered_at: datetime.datetime | Unset = UNSET
    obtained_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        registered_at: str | Unset = UNSET
        if not isinstance(self.registered_at, Unset):
            registered_at = self.registered_at.isoformat()

        obtained_at: str | Unset = UNSET
        if not isinstance(self.obtained_at, Unset):
            obtained_at = self.obtained_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if registered_at is not UNSET:
            field_dict["registered_at"] = registered_at
        if obtained_at is not UNSET:
            field_dict["obtained_at"] = obtained_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _registered_at = d.pop("registered_at", UNSET)
        registered_at: datetime.datetime | Unset
        if isinstance(_registered_at, Unset):
            registered_at = UNSET
        else:
            registered_at = datetime.datetime.fromisoformat(_registered_at)

        _obtained_at = d.pop("obtained_at", UNSET)
        obtained_at: datetime.datetime | Unset
        if isinstance(_obtained_at, Unset):
            obtained_at = UNSET
        else:
            obtained_at = datetime.datetime.fromisoformat(_obtained_at)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        artifact_dates = cls(
            registered_at=registered_at,
            obtained_at=obtained_at,
            updated_at=updated_at,
        )

        artifact_dates.additional_properties = d
        return artifact_dates

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
