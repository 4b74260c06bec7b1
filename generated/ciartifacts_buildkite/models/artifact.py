from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.artifact_state import ArtifactState
from ..types import UNSET, Unset

T = TypeVar("T", bound="Artifact")


@_attrs_define
class Artifact:
    """A file uploaded by an agent during a job.

    Attributes:
        id (str): The artifact's UUID.
        job_id (str): The UUID of the job that uploaded it.
        url (str): Canonical API URL of the artifact. Use as given; its last segment may differ from `id`.
        download_url (str): Artifact download API URL (answers 302 to the file).
        state (ArtifactState | str): Upload state; only `finished` artifacts download.
        path (str): Path of the artifact as uploaded.
        dirname (str): The path without the file name.
        filename (str):
        mime_type (str):
        file_size (int): Size in bytes.
        sha1sum (str): SHA-1 of the contents as computed by the agent, lowercase hex.
        glob_path (None | Unset): Deprecated, always null.
        original_path (None | Unset): Deprecated, always null.
    """

    id: str
    job_id: str
    url: str
    download_url: str
    state: ArtifactState | str
    path: str
    dirname: str
    filename: str
    mime_type: str
    file_size: int
    sha1sum: str
    glob_path: None | Unset = UNSET
    original_path: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        job_id = self.job_id

        url = self.url

        download_url = self.download_url

        state: str
        if isinstance(self.state, ArtifactState):
            state = self.state.value
        else:
            state = self.state

        path = self.path

        dirname = self.dirname

        filename = self.filename

        mime_type = self.mime_type

        file_size = self.file_size

        sha1sum = self.sha1sum

        glob_path = self.glob_path

        original_path = self.original_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "job_id": job_id,
                "url": url,
                "download_url": download_url,
                "state": state,
                "path": path,
                "dirname": dirname,
                "filename": filename,
                "mime_type": mime_type,
                "file_size": file_size,
                "sha1sum": sha1sum,
            }
        )
        if glob_path is not UNSET:
            field_dict["glob_path"] = glob_path
        if original_path is not UNSET:
            field_dict["original_path"] = original_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        job_id = d.pop("job_id")

        url = d.pop("url")

        download_url = d.pop("download_url")

        def _parse_state(data: object) -> ArtifactState | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                state_type_0 = ArtifactState(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ArtifactState | str, data)

        state = _parse_state(d.pop("state"))

        path = d.pop("path")

        dirname = d.pop("dirname")

        filename = d.pop("filename")

        mime_type = d.pop("mime_type")

        file_size = d.pop("file_size")

        sha1sum = d.pop("sha1sum")

        glob_path = d.pop("glob_path", UNSET)

        original_path = d.pop("original_path", UNSET)

        artifact = cls(
            id=id,
            job_id=job_id,
            url=url,
            download_url=download_url,
            state=state,
            path=path,
            dirname=dirname,
            filename=filename,
            mime_type=mime_type,
            file_size=file_size,
            sha1sum=sha1sum,
            glob_path=glob_path,
            original_path=original_path,
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
