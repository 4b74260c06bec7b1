from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationErrorDetail")


@_attrs_define
class ValidationErrorDetail:
    """
    Attributes:
        code (str):
        resource (str | Unset):
        field (str | Unset):
        message (str | Unset):
        index (int | Unset):
        value (Any | Unset):
    """

    code: str
    resource: str | Unset = UNSET
    field: str | Unset = UNSET
    message: str | Unset = UNSET
    index: int | Unset = UNSET
    value: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        resource = self.resource

        field = self.field

        message = self.message

        index = self.index

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if resource is not UNSET:
            field_dict["resource"] = resource
        if field is not UNSET:
            field_dict["field"] = field
        if message is not UNSET:
            field_dict["message"] = message
        if index is not UNSET:
            field_dict["index"] = index
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        resource = d.pop("resource", UNSET)

        field = d.pop("field", UNSET)

        message = d.pop("message", UNSET)

        index = d.pop("index", UNSET)

        value = d.pop("value", UNSET)

        validation_error_detail = cls(
            code=code,
            resource=resource,
            field=field,
            message=message,
            index=index,
            value=value,
        )

        validation_error_detail.additional_properties = d
        return validation_error_detail

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
