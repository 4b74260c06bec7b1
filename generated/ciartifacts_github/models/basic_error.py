from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BasicError")


@_attrs_define
class BasicError:
    """GitHub's error body.

    Attributes:
        message (str):
        documentation_url (str | Unset):
        url (str | Unset):
        status (str | Unset): The HTTP status as a string, for example `"404"`.
    """

    message: str
    documentation_url: str | Unset = UNSET
    url: str | Unset = UNSET
    status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        documentation_url = self.documentation_url

        url = self.url

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if documentation_url is not UNSET:
            field_dict["documentation_url"] = documentation_url
        if url is not UNSET:
            field_dict["url"] = url
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        documentation_url = d.pop("documentation_url", UNSET)

        url = d.pop("url", UNSET)

        status = d.pop("status", UNSET)

        basic_error = cls(
            message=message,
            documentation_url=documentation_url,
            url=url,
            status=status,
        )

        basic_error.additional_properties = d
        return basic_error

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
