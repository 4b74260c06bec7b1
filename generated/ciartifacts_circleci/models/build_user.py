from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BuildUser")


@_attrs_define
class BuildUser:
    """The user the job ran for.

    Attributes:
        is_user (bool | Unset):
        login (str | Unset):
        avatar_url (str | Unset):
        name (None | str | Unset):
        vcs_type (str | Unset):
        id (int | Unset):
    """

    is_user: bool | Unset = UNSET
    login: str | Unset = UNSET
    avatar_url: str | Unset = UNSET
    name: None | str | Unset = UNSET
    vcs_type: str | Unset = UNSET
    id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_user = self.is_user

        login = self.login

        avatar_url = self.avatar_url

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        vcs_type = self.vcs_type

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if is_user is not UNSET:
            field_dict["is_user"] = is_user
        if login is not UNSET:
            field_dict["login"] = login
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url
        if name is not UNSET:
            field_dict["name"] = name
        if vcs_type is not UNSET:
            field_dict["vcs_type"] = vcs_type
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_user = d.pop("is_user", UNSET)

        login = d.pop("login", UNSET)

        avatar_url = d.pop("avatar_url", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        vcs_type = d.pop("vcs_type", UNSET)

        id = d.pop("id", UNSET)

        build_user = cls(
            is_user=is_user,
            login=login,
            avatar_url=avatar_url,
            name=name,
            vcs_type=vcs_type,
            id=id,
        )

        build_user.additional_properties = d
        return build_user

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
