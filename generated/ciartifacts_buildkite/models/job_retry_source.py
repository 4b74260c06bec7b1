from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobRetrySource")


@_attrs_define
class JobRetrySource:
    """Which attempt a retry replaces, and how it was retried.

    Attributes:
        job_id (str): The UUID of the job this one retries.
        retry_type (None | str | Unset): `manual` or `automatic`.
    """

    job_id: str
    retry_type: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        retry_type: None | str | Unset
        if isinstance(self.retry_type, Unset):
            retry_type = UNSET
        else:
            retry_type = self.retry_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
            }
        )
        if retry_type is not UNSET:
            field_dict["retry_type"] = retry_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = d.pop("job_id")

        def _parse_retry_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        retry_type = _parse_retry_type(d.pop("retry_type", UNSET))

        job_retry_source = cls(
            job_id=job_id,
            retry_type=retry_type,
        )

        job_retry_source.additional_properties = d
        return job_retry_source

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
