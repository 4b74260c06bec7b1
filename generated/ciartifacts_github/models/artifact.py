from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.artifact_workflow_run import ArtifactWorkflowRun


T = TypeVar("T", bound="Artifact")


@_attrs_define
class Artifact:
    """An artifact of a workflow run.

    Attributes:
        id (int):
        node_id (str):
        name (str): The artifact's name; for an artifact stored unzipped (upload-artifact v7 `archive:
            false`) the name of its single file. Names are unique within a run, not across runs.
        size_in_bytes (int): Size of the stored blob (the zip, or the single unzipped file).
        url (str):
        archive_download_url (str): The download endpoint (answers 302 to storage).
        expired (bool): Whether the artifact has expired; expired artifacts do not download (410).
        created_at (datetime.datetime | None):
        expires_at (datetime.datetime | None):
        updated_at (datetime.datetime | None):
        digest (None | str | Unset): `sha256:<hex>` of the stored blob. Only set on artifacts uploaded with upload-
            artifact
            v4 or newer; null (or absent) for older ones.
        workflow_run (ArtifactWorkflowRun | None | Unset): The run that uploaded the artifact.
    """

    id: int
    node_id: str
    name: str
    size_in_bytes: int
    url: str
    archive_download_url: str
    expired: bool
    created_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    updated_at: datetime.datetime | None
    digest: None | str | Unset = UNSET
    workflow_run: ArtifactWorkflowRun | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.artifact_workflow_run import ArtifactWorkflowRun  # noqa: PLC0415

        id = self.id

        node_id = self.node_id

        name = self.name

        size_in_bytes = self.size_in_bytes

        url = self.url

        archive_download_url = self.archive_download_url

        expired = self.expired

        created_at: None | str
        if isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        digest: None | str | Unset
        if isinstance(self.digest, Unset):
            digest = UNSET
        else:
            digest = self.digest

        workflow_run: dict[str, Any] | None | Unset
        if isinstance(self.workflow_run, Unset):
            workflow_run = UNSET
        elif isinstance(self.workflow_run, ArtifactWorkflowRun):
            workflow_run = self.workflow_run.to_dict()
        else:
            workflow_run = self.workflow_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "node_id": node_id,
                "name": name,
                "size_in_bytes": size_in_bytes,
                "url": url,
                "archive_download_url": archive_download_url,
                "expired": expired,
                "created_at": created_at,
                "expires_at": expires_at,
                "updated_at": updated_at,
            }
        )
        if digest is not UNSET:
            field_dict["digest"] = digest
        if workflow_run is not UNSET:
            field_dict["workflow_run"] = workflow_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.artifact_workflow_run import ArtifactWorkflowRun  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        node_id = d.pop("node_id")

        name = d.pop("name")

        size_in_bytes = d.pop("size_in_bytes")

        url = d.pop("url")

        archive_download_url = d.pop("archive_download_url")

        expired = d.pop("expired")

        def _parse_created_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        created_at = _parse_created_at(d.pop("created_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        def _parse_digest(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        digest = _parse_digest(d.pop("digest", UNSET))

        def _parse_workflow_run(data: object) -> ArtifactWorkflowRun | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                workflow_run_type_0 = ArtifactWorkflowRun.from_dict(data)

                return workflow_run_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ArtifactWorkflowRun | None | Unset, data)

        workflow_run = _parse_workflow_run(d.pop("workflow_run", UNSET))

        artifact = cls(
            id=id,
            node_id=node_id,
            name=name,
            size_in_bytes=size_in_bytes,
            url=url,
            archive_download_url=archive_download_url,
            expired=expired,
            created_at=created_at,
            expires_at=expires_at,
            updated_at=updated_at,
            digest=digest,
            workflow_run=workflow_run,
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
