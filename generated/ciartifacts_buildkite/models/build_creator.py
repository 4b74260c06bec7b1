from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BuildCreator")


@_attrs_define
class BuildCreator:
    """A Buildkite user.

    Attributes:
        id (str | Unset):
        graphql_id (str | Unset):
        name (str | Unset):
        email (str | Unset):
        avatar_url (str | Unset):
        created_at (datetime.datetime | Unset):
    """

    id: str | Unset = UNSET
    graphql_id: str | Unset = UNSET
    name: str | Unset = UNSET
    email: str | Unset = UNSET
    avatar_url: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        graphql_id = self.graphql_id

        name = self.name

        email = self.email

        avatar_url = self.avatar_url

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if graphql_id is not UNSET:
            field_dict["graphql_id"] = graphql_id
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        graphql_id = d.pop("graphql_id", UNSET)

        name = d.pop("name", UNSET)

        email = d.pop("email", UNSET)

        avatar_url = d.pop("avatar_url", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        build_creator = cls(
            id=id,
            graphql_id=graphql_id,
            name=name,
            email=email,
            avatar_url=avatar_url,
            created_at=created_at,
        )

        build_creator.additional_properties = d
        return build_creator

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
