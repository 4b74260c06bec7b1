from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.artifact_status import ArtifactStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.artifact_dates import ArtifactDates


T = TypeVar("T", bound="Artifact")


@_attrs_define
class Artifact:
    """
    Attributes:
        id (str | Unset): Not yet a public ID; do not key on it.
        local_path (str | Unset): Artifacts do not have a slug. They are differentiated by context (workflow, task,
            cube)
            and local_path, the artifact's local path as defined in the CI configuration file.
        dates (ArtifactDates | Unset):
        status (ArtifactStatus | str | Unset): Only `success` artifacts can be downloaded.
        download_url (str | Unset): A temporary download URL, valid for a short period of time after acquisition. Never
            log it.
    """

    id: str | Unset = UNSET
    local_path: str | Unset = UNSET
    dates: ArtifactDates | Unset = UNSET
    status: ArtifactStatus | str | Unset = UNSET
    download_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        local_path = self.local_path

        dates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dates, Unset):
            dates = self.dates.to_dict()

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ArtifactStatus):
            status = self.status.value
        else:
            status = self.status

        download_url = self.download_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if local_path is not UNSET:
            field_dict["local_path"] = local_path
        if dates is not UNSET:
            field_dict["dates"] = dates
        if status is not UNSET:
            field_dict["status"] = status
        if download_url is not UNSET:
            field_dict["download_url"] = download_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.artifact_dates import ArtifactDates  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        local_path = d.pop("local_path", UNSET)

        _dates = d.pop("dates", UNSET)
        dates: ArtifactDates | Unset
        if isinstance(_dates, Unset):
            dates = UNSET
        else:
            dates = ArtifactDates.from_dict(_dates)

        def _parse_status(data: object) -> ArtifactStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ArtifactStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ArtifactStatus | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        download_url = d.pop("download_url", UNSET)

        artifact = cls(
            id=id,
            local_path=local_path,
            dates=dates,
            status=status,
            download_url=download_url,
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
