from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.build_status import BuildStatus

T = TypeVar("T", bound="PreviousBuild")


@_attrs_define
class PreviousBuild:
    """
    Attributes:
        build_num (int):
        status (BuildStatus | str):
    """

    build_num: int
    status: BuildStatus | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        build_num = self.build_num

        status: str
        if isinstance(self.status, BuildStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "build_num": build_num,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        build_num = d.pop("build_num")

        def _parse_status(data: object) -> BuildStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = BuildStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildStatus | str, data)

        status = _parse_status(d.pop("status"))

        previous_build = cls(
            build_num=build_num,
            status=status,
        )

        previous_build.additional_properties = d
        return previous_build

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
