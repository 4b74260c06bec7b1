from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Artifact")


@_attrs_define
class Artifact:
    """
    Attributes:
        path (str): Path relative to the project root (the working directory); may be absolute.
        pretty_path (str): Same as `path`, kept for backwards compatibility.
        node_index (int): The parallel node that stored the artifact.
        url (str): Where to download the file (artifact host; send `Circle-Token` on the first request only).
    """

    path: str
    pretty_path: str
    node_index: int
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        pretty_path = self.pretty_path

        node_index = self.node_index

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "pretty_path": pretty_path,
                "node_index": node_index,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        pretty_path = d.pop("pretty_path")

        node_index = d.pop("node_index")

        url = d.pop("url")

        artifact = cls(
            path=path,
            pretty_path=pretty_path,
            node_index=node_index,
            url=url,
        )

        artifact.additional_properties = d
        return artifact

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
