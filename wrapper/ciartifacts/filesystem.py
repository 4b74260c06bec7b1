"""Artifacts as fsspec filesystems, so pandas, Dask and anything else fsspec serves read them.

One protocol per registered provider (``buildkite://``, ``circleci://``, ``gha://``, ...;
:mod:`ciartifacts.fs_paths` has the path grammar), registered through the ``fsspec.specs``
entry points: with ``ciartifacts[fsspec]`` installed, ``fsspec.open("buildkite://acme/web/42/
reports/junit.xml")`` works without importing ciartifacts first. This module imports fsspec;
``import ciartifacts`` does not import it.

Every filesystem runs on :class:`~ciartifacts.aio.AsyncClient`, made on first use from the
process environment (tokens, base URLs, proxies), so Dask workers use their own credentials. A
token given as ``token=`` is used in this process only: pickling the filesystem leaves it out.

What a filesystem object keeps: the run each ``latest`` selector resolved to (first use wins,
and it travels with the pickled object, so every worker reads the same run), and the listing of
each run its provider says is finished (:meth:`~ciartifacts.providers.base.Provider.
finished_call`); other runs are listed again whenever they are used. Download URLs are never
kept: every read asks for a fresh one where they expire.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import logging
import os
import types
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, ClassVar

import attrs
from fsspec.asyn import AsyncFileSystem, sync
from fsspec.caching import AllBytes
from fsspec.callbacks import DEFAULT_CALLBACK
from fsspec.spec import AbstractBufferedFile

from ciartifacts.aio import AsyncClient
from ciartifacts.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    NoMatchingRunError,
    NotFoundError,
    PermissionDeniedError,
    one_line,
)
from ciartifacts.fs_paths import RunPath, fsspec_url, split_path
from ciartifacts.integrity import TempFiles
from ciartifacts.local_paths import plan
from ciartifacts.model import Artifact
from ciartifacts.providers import provider_class, provider_classes
from ciartifacts.providers.base import Provider
from ciartifacts.refs import Ref, parse_ref
from ciartifacts.settings import Settings

__all__ = ["ArtifactFile", "ArtifactFileSystem", "RunFiles", "filesystem_class", "fsspec_url"]

logger = logging.getLogger("ciartifacts.filesystem")
# The options that go to the client (Client's own keywords); the rest are fsspec's.
_CLIENT_OPTIONS = ("timeout", "max_retries", "retry_deadline", "low_speed_limit", "low_speed_time")


@attrs.frozen
class RunFiles:
    """One listing of a run as files and folders: each ready artifact at its path made
    relative (``node-1/...`` where several share one, as downloads place them), folders made
    up from the paths. Artifacts that are not ready, or whose path is unsafe or clashes, are
    not there."""

    files: Mapping[str, Artifact]
    children: Mapping[str, Sequence[str]]
    """Each folder (``""``: the run itself) and the paths directly in it, files and folders."""

    @classmethod
    def of(cls, artifacts: Sequence[Artifact], provider: Provider) -> RunFiles:
        files: dict[str, Artifact] = {}
        children: dict[str, dict[str, None]] = {"": {}}
        for item in plan(artifacts, provider.disambiguator):
            if item.relative is None:
                if item.error is not None:
                    logger.warning("left out: %s", one_line(str(item.error)))
                continue
            path = str(item.relative)
            files[path] = item.artifact
            child = path
            for parent in item.relative.parents:
                folder = "" if str(parent) == "." else str(parent)
                children.setdefault(folder, {})[child] = None
                child = folder
        return cls(files, {folder: tuple(names) for folder, names in children.items()})

    def is_folder(self, path: str) -> bool:
        return path in self.children


class ArtifactFileSystem(AsyncFileSystem):  # type: ignore[misc]
    """The artifacts of one provider's runs, read-only; one subclass per provider.

    ``token`` and ``base_url`` override the provider's environment variables (``token`` in
    this process only); ``timeout``, ``max_retries``, ``retry_deadline``, ``low_speed_limit``
    and ``low_speed_time`` are :class:`~ciartifacts.Client`'s. ``resolved`` and
    ``token_withheld`` are what a pickled filesystem carries (the runs its ``latest``
    selectors resolved to; whether a token was left out).
    """

    provider: ClassVar[str]
    protocol: ClassVar[str] = "ciartifacts"
    root_marker = ""

    def __init__(
        self,
        *,
        token: str | None = None,
        base_url: str | None = None,
        resolved: Mapping[str, str] | None = None,
        token_withheld: bool = False,
        **options: Any,
    ) -> None:
        client_options = {name: options.pop(name) for name in _CLIENT_OPTIONS if name in options}
        super().__init__(**options)
        self._token = token
        self._base_url = base_url
        self._client_options = client_options
        self._token_withheld = token_withheld
        self._client: AsyncClient | None = None
        self._resolved: dict[str, Ref] = {
            selector: parse_ref(run) for selector, run in (resolved or {}).items()
        }
        self._listings: dict[str, RunFiles] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        hooks = provider_class(self.provider)
        # Providers that cannot say a run is finished are never cached: no need to queue.
        self._caches = hooks.finished_call is not Provider.finished_call
        # Its disambiguator reads no settings: it names folders for artifacts sharing a path.
        self._hooks = hooks(Settings(self.provider, "https://settings.invalid", ""))

    @property
    def fsid(self) -> str:
        return f"ciartifacts-{self.protocol}"

    # --- pickling: no token, no listing, no URL; the runs selectors resolved to ---------------
    def __reduce__(self) -> tuple[Any, ...]:
        from fsspec.spec import make_instance

        options = {
            name: value
            for name, value in self.storage_options.items()
            if name not in ("token", "resolved", "token_withheld")
        }
        if self._resolved:
            options["resolved"] = {key: str(ref) for key, ref in self._resolved.items()}
        if self._token is not None or self._token_withheld:
            options["token_withheld"] = True
        return make_instance, (type(self), self.storage_args, options)

    def to_dict(self, *, include_password: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = super().to_dict(include_password=include_password)
        if not include_password:
            result.pop("token", None)
        return result

    def invalidate_cache(self, path: str | None = None) -> None:
        """Forget every listing and every ``latest`` resolution (any ``path``)."""
        self._listings.clear()
        self._resolved.clear()
        super().invalidate_cache(path)

    # --- the client, the run, its listing ------------------------------------------------------
    def _client_now(self) -> AsyncClient:
        if self._client is None:
            tokens = None if self._token is None else {self.provider: self._token}
            base_urls = None if self._base_url is None else {self.provider: self._base_url}
            self._client = AsyncClient(tokens=tokens, base_urls=base_urls, **self._client_options)
            weakref.finalize(self, _close_client, self._loop, self._client)
        return self._client

    @contextmanager
    def _os_errors(self, path: str) -> Iterator[None]:
        """ciartifacts' errors as fsspec's: a run or artifact that is not there (or no longer)
        is FileNotFoundError, a refused token PermissionError; the others stay themselves."""
        try:
            yield
        except (NotFoundError, NoMatchingRunError) as exc:
            raise FileNotFoundError(errno.ENOENT, str(exc), path) from exc
        except (AuthenticationError, PermissionDeniedError) as exc:
            raise PermissionError(errno.EACCES, str(exc), path) from exc
        except APIError as exc:
            if exc.status == 410:  # GitHub: the artifact expired meanwhile
                raise FileNotFoundError(errno.ENOENT, str(exc), path) from exc
            raise
        except ConfigurationError as exc:
            if not (self._token_withheld and exc.env_vars):
                raise
            raise ConfigurationError(
                f"{exc.message}; the token given to the filesystem that was pickled stays in "
                "the process that gave it: give this process its own",
                exc.env_vars,
            ) from None

    async def _run(self, path: str) -> tuple[RunPath, Ref]:
        """The path split into run and inner path, and the concrete run (a ``latest``
        selector resolved on its first use by this filesystem object, then kept)."""
        run = split_path(self.provider, self._strip_protocol(path))
        if run.ref.selection is None:
            return run, run.ref
        key = str(run.ref)
        concrete = self._resolved.get(key)
        if concrete is None:
            with self._os_errors(path):
                found = await self._client_now().resolve(run.ref)
            concrete = self._resolved.setdefault(key, found)  # a concurrent first use wins
        return run, concrete

    async def _files(self, path: str, ref: Ref) -> RunFiles:
        """The run's listing: kept once the provider said the run is finished (asked before
        listing, so nothing added after the listing can be missed); listed anew otherwise."""
        key = str(ref)
        cached = self._listings.get(key)
        if cached is not None:
            return cached
        if not self._caches:
            return await self._list(path, ref, cache=False)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # one listing at a time per run: those waiting take the one kept
            cached = self._listings.get(key)
            if cached is not None:
                return cached
            return await self._list(path, ref, cache=True)

    async def _list(self, path: str, ref: Ref, *, cache: bool) -> RunFiles:
        client = self._client_now()
        with self._os_errors(path):
            finished = cache and await client.run_finished(ref)
            artifacts = [artifact async for artifact in client.list_artifacts(ref)]
        files = RunFiles.of(artifacts, self._hooks)
        if finished:
            self._listings[str(ref)] = files
        return files

    async def _entry(self, path: str) -> tuple[RunPath, RunFiles, str]:
        run, ref = await self._run(path)
        return run, await self._files(path, ref), run.inner

    async def _artifact(self, path: str) -> Artifact:
        _, files, inner = await self._entry(path)
        artifact = files.files.get(inner)
        if artifact is not None:
            return artifact
        if files.is_folder(inner):
            raise IsADirectoryError(errno.EISDIR, "a folder of artifacts, not one", path)
        raise FileNotFoundError(errno.ENOENT, f"no ready artifact at {inner!r}", path)

    # --- listing --------------------------------------------------------------------------------
    @staticmethod
    def _file_info(run: RunPath, path: str, artifact: Artifact) -> dict[str, Any]:
        return {
            "name": run.name(path),
            "size": artifact.size,
            "type": "file",
            "checksum": None if artifact.checksum is None else str(artifact.checksum),
            "state": artifact.state.value,
            "raw_state": artifact.raw_state,
            "created_at": artifact.created_at,
            "updated_at": artifact.updated_at,
            "mime_type": artifact.mime_type,
            "ref": str(artifact.ref),
            "path": artifact.path,
        }

    def _info_of(self, run: RunPath, files: RunFiles, path: str) -> dict[str, Any]:
        artifact = files.files.get(path)
        if artifact is not None:
            return self._file_info(run, path, artifact)
        return {"name": run.name(path), "size": 0, "type": "directory"}

    async def _info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        run, files, inner = await self._entry(path)
        if inner not in files.files and not files.is_folder(inner):
            raise FileNotFoundError(errno.ENOENT, f"no ready artifact at {inner!r}", path)
        return self._info_of(run, files, inner)

    async def _ls(self, path: str, detail: bool = True, **kwargs: Any) -> list[Any]:
        run, files, inner = await self._entry(path)
        if inner in files.files:
            entries = [self._info_of(run, files, inner)]
        elif files.is_folder(inner):
            entries = [self._info_of(run, files, child) for child in files.children[inner]]
        else:
            raise FileNotFoundError(errno.ENOENT, f"no ready artifact at {inner!r}", path)
        return entries if detail else [entry["name"] for entry in entries]

    async def _find(
        self, path: str, maxdepth: int | None = None, withdirs: bool = False, **kwargs: Any
    ) -> Any:
        """Everything below ``path`` from one listing (fsspec's walks list every folder)."""
        detail = kwargs.pop("detail", False)
        try:
            run, files, inner = await self._entry(path)
        except FileNotFoundError:
            return {} if detail else []
        found: dict[str, dict[str, Any]] = {}
        if inner in files.files:
            found[run.name(inner)] = self._info_of(run, files, inner)
        elif files.is_folder(inner):
            prefix = f"{inner}/" if inner else ""
            candidates = list(files.files)
            if withdirs:
                found[run.name(inner)] = self._info_of(run, files, inner)
                candidates += [folder for folder in files.children if folder]
            for candidate in candidates:
                if not candidate.startswith(prefix) or candidate == inner:
                    continue
                if maxdepth is None or candidate[len(prefix) :].count("/") < maxdepth:
                    found[run.name(candidate)] = self._info_of(run, files, candidate)
        names = sorted(found)
        return {name: found[name] for name in names} if detail else names

    async def _glob(self, path: str, maxdepth: int | None = None, **kwargs: Any) -> Any:
        stripped = self._strip_protocol(path)
        ref_part = stripped.split("/")[: provider_class(self.provider).fsspec_ref_segments]
        if any("*" in segment or "[" in segment for segment in ref_part):
            raise ValueError(
                f"{self.protocol}://{'/'.join(ref_part)}: a glob selects artifacts of one run; "
                "the run takes no wildcards (name it, or select it with latest)"
            )
        split_path(self.provider, stripped)  # a '?' or a bad ref: refused with its reason
        return await super()._glob(path, maxdepth=maxdepth, **kwargs)

    # --- reading --------------------------------------------------------------------------------
    async def _read_whole(self, path: str, artifact: Artifact) -> bytes:
        """The artifact's bytes, size and checksum verified."""
        with self._os_errors(path):
            async with self._client_now().stream(artifact) as chunks:
                return b"".join([chunk async for chunk in chunks])

    async def _read_part(
        self, path: str, artifact: Artifact, start: int, stop: int | None
    ) -> tuple[bytes, bool]:
        """Bytes ``start`` to ``stop``, and whether storage sent the whole body for them."""
        client = self._client_now()
        with self._os_errors(path):
            try:
                async with client.stream_range(artifact, start, stop) as part:
                    return b"".join([chunk async for chunk in part.chunks]), part.whole_body_sent
            except APIError as exc:
                if exc.status == 416:  # past the end of an artifact of unknown size
                    return b"", False
                raise

    async def _probe_size(self, path: str, artifact: Artifact) -> int:
        """The size of an artifact its listing does not give, from storage's answer to a
        request for its first byte (the whole of it where storage does not say)."""
        client = self._client_now()
        with self._os_errors(path):
            try:
                async with client.stream_range(artifact, 0, 1) as part:
                    async for _ in part.chunks:
                        pass
                    total = part.total
            except APIError as exc:
                if exc.status != 416:  # 416 for the first byte: there is none
                    raise
                total = 0
        if total is None:
            total = len(await self._read_whole(path, artifact))
        return total

    async def _cat_file(
        self, path: str, start: int | None = None, end: int | None = None, **kwargs: Any
    ) -> bytes:
        artifact = await self._artifact(path)
        if start is None and end is None:
            return await self._read_whole(path, artifact)
        size = artifact.size
        if (start or 0) < 0 or (end or 0) < 0:
            if size is None:
                return (await self._read_whole(path, artifact))[start:end]
            start, end, _ = slice(start, end).indices(size)
        first = start or 0
        if (end is not None and end <= first) or (size is not None and first >= size):
            return b""
        stop = None if end is None or (size is not None and end >= size) else end
        data, _ = await self._read_part(path, artifact, first, stop)
        return data

    async def _get_file(
        self, rpath: str, lpath: str, callback: Any = DEFAULT_CALLBACK, **kwargs: Any
    ) -> None:
        """The artifact into ``lpath``, verified, through a temporary file renamed into place
        (a folder of artifacts: the folder)."""
        _, files, inner = await self._entry(rpath)
        if files.is_folder(inner) and inner not in files.files:
            os.makedirs(lpath, exist_ok=True)
            return
        artifact = await self._artifact(rpath)
        target = Path(lpath)
        temp = TempFiles(target.parent)
        try:
            sink = temp.create()
            try:
                callback.set_size(artifact.size)
                with self._os_errors(rpath):
                    async with self._client_now().stream(artifact) as chunks:
                        async for chunk in chunks:
                            sink.write(chunk)
                            callback.relative_update(len(chunk))
                sink.commit()
            except BaseException:
                sink.discard()
                raise
            temp.place(sink.path, target)
        finally:
            temp.close()

    def _open(  # noqa: PLR0917 (fsspec's signature)
        self,
        path: str,
        mode: str = "rb",
        block_size: int | None = None,
        autocommit: bool = True,
        cache_options: dict[str, Any] | None = None,
        size: int | None = None,
        **kwargs: Any,
    ) -> ArtifactFile:
        if mode != "rb":
            raise self._read_only(path)
        artifact = sync(self.loop, self._artifact, path)
        if size is None:
            size = artifact.size
        if size is None:
            size = sync(self.loop, self._probe_size, path, artifact)
        return ArtifactFile(
            self,
            path,
            artifact,
            size=size,
            block_size=block_size,
            cache_options=cache_options,
            **kwargs,
        )

    # --- writing: refused -----------------------------------------------------------------------
    def _read_only(self, path: object) -> OSError:
        return OSError(
            errno.EROFS,
            f"{self.protocol}:// is read-only: artifacts are uploaded by CI runs "
            "(ciartifacts' Client.delete deletes them where the provider allows)",
            str(path),
        )

    async def _pipe_file(self, path: str, value: bytes, *args: Any, **kwargs: Any) -> None:
        raise self._read_only(path)

    async def _pipe(self, path: Any, value: Any = None, *args: Any, **kwargs: Any) -> None:
        raise self._read_only(path)

    async def _put_file(self, lpath: str, rpath: str, *args: Any, **kwargs: Any) -> None:
        raise self._read_only(rpath)

    async def _put(self, lpath: Any, rpath: Any, *args: Any, **kwargs: Any) -> None:
        raise self._read_only(rpath)

    async def _rm_file(self, path: str, **kwargs: Any) -> None:
        raise self._read_only(path)

    async def _rm(self, path: Any, *args: Any, **kwargs: Any) -> None:
        raise self._read_only(path)

    async def _cp_file(self, path1: str, path2: str, **kwargs: Any) -> None:
        raise self._read_only(path2)

    async def _copy(self, path1: Any, path2: Any, *args: Any, **kwargs: Any) -> None:
        raise self._read_only(path2)

    async def _mv_file(self, path1: str, path2: str) -> None:
        raise self._read_only(path1)

    async def _mkdir(self, path: str, create_parents: bool = True, **kwargs: Any) -> None:
        raise self._read_only(path)

    async def _makedirs(self, path: str, exist_ok: bool = False) -> None:
        raise self._read_only(path)


class ArtifactFile(AbstractBufferedFile):  # type: ignore[misc]
    """An artifact opened for reading: ranged reads where storage honours ``Range``; where it
    does not, the whole file once (verified), then read from memory. Reading it all from the
    start is one request, verified."""

    def __init__(
        self, fs: ArtifactFileSystem, path: str, artifact: Artifact, **kwargs: Any
    ) -> None:
        # Not pickled (a reopened file looks the artifact up again): it holds download URLs.
        self.artifact = artifact
        self._ranges_ignored = False
        super().__init__(fs, path, mode="rb", **kwargs)

    def read(self, length: int = -1) -> bytes:
        if length < 0 and self.loc == 0 and not isinstance(self.cache, AllBytes):
            self._load_whole()
        data: bytes = super().read(length)
        return data

    def _load_whole(self) -> bytes:
        data: bytes = sync(self.fs.loop, self.fs._read_whole, self.path, self.artifact)
        self.cache = AllBytes(size=len(data), fetcher=None, blocksize=None, data=data)
        self.size = len(data)
        return data

    def _fetch_range(self, start: int, end: int) -> bytes:
        if self._ranges_ignored:
            return self._load_whole()[start:end]
        data, whole_sent = sync(
            self.fs.loop, self.fs._read_part, self.path, self.artifact, start, end
        )
        self._ranges_ignored = whole_sent
        return bytes(data)


def _close_client(loop: asyncio.AbstractEventLoop | None, client: AsyncClient) -> None:
    """Close the client's connections when its filesystem goes (best effort: at exit the
    loop may be gone, and the process takes the sockets with it)."""
    if loop is None or not loop.is_running():
        return
    with suppress(Exception):
        sync(loop, client.aclose, timeout=1)


def filesystem_class_name(title: str) -> str:
    """``GitHubActionsFileSystem`` for the provider titled ``GitHub Actions``; ``hatch_build.py``
    names the entry points' classes the same way."""
    return "".join(char for char in title if char.isalnum()) + "FileSystem"


def _define() -> dict[str, type[ArtifactFileSystem]]:
    """One class per registered provider, bound to this module under its stable name (entry
    points and pickles find it there)."""
    made: dict[str, type[ArtifactFileSystem]] = {}
    for cls in provider_classes():
        name = filesystem_class_name(cls.title)
        namespace = {
            "provider": cls.name,
            "protocol": cls.fsspec_protocol,
            "__module__": __name__,
            "__qualname__": name,
            "__doc__": f"{cls.title} artifacts: {cls.fsspec_protocol}://"
            f"{'/'.join(['...'] * cls.fsspec_ref_segments)}/PATH (see ArtifactFileSystem).",
        }
        made[cls.fsspec_protocol] = types.new_class(
            name, (ArtifactFileSystem,), {}, functools.partial(_fill, namespace)
        )
        globals()[name] = made[cls.fsspec_protocol]
    return made


def _fill(values: dict[str, Any], namespace: dict[str, Any]) -> None:
    namespace.update(values)


FILESYSTEMS = _define()
"""Each protocol's filesystem class, in registry order."""


def filesystem_class(protocol: str) -> type[ArtifactFileSystem]:
    """The filesystem class of a protocol (``buildkite``, ``gha``, ...); KeyError for others."""
    return FILESYSTEMS[protocol]


def __getattr__(name: str) -> type[ArtifactFileSystem]:
    # The classes are bound above; this tells type checkers that names such as
    # BuildkiteFileSystem exist.
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
