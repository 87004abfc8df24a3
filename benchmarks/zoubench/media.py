"""Real media for the pictures benchmark, and an upload that streams it from disk.

The 4K PNG is a gradient under Gaussian noise (Pillow), so it weighs what a
rendered frame weighs instead of compressing to almost nothing; the movie is
ffmpeg's test pattern under temporal noise at a constant bitrate, so its size
is what was asked for. Both are made once in a directory and reused.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import time
import uuid

from .api import Target

MiB = 1024 * 1024


def noisy_png(path: str, width: int = 3840, height: int = 2160) -> str:
    if not os.path.exists(path):
        from PIL import Image

        base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        noise = Image.merge("RGB", [Image.effect_noise((width, height), 48) for _ in range(3)])
        Image.blend(base, noise, 0.35).save(path + ".part", "PNG")
        os.replace(path + ".part", path)
    return path


def noisy_movie(path: str, megabytes: int = 50, seconds: int = 10, size: str = "1920x1080") -> str:
    """An H.264 mp4 of about ``megabytes`` MB (constant bitrate over ``seconds``)."""

    if not os.path.exists(path):
        rate = f"{megabytes * 8 * 1_000_000 // seconds // 1000}k"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=size={size}:rate=25:duration={seconds}", "-vf", "noise=alls=30:allf=t",
                        "-c:v", "libx264", "-preset", "ultrafast", "-b:v", rate, "-minrate", rate, "-maxrate", rate,
                        "-bufsize", rate, "-x264-params", "nal-hrd=cbr", "-pix_fmt", "yuv420p", "-f", "mp4",
                        path + ".part"], check=True)
        os.replace(path + ".part", path)
    return path


class Uploader:
    """``POST`` a file as the multipart part ``file`` on a kept-alive connection, read 1 MiB at a time."""

    def __init__(self, target: Target, token: str, timeout: float = 600.0):
        self.target, self.token, self.timeout = target, token, timeout
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def post(self, path: str, file_path: str, content_type: str) -> tuple[int, bytes, float]:
        """(status, body, seconds from the first byte sent to the answer read)."""

        boundary = f"bench-{uuid.uuid4().hex}"
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{os.path.basename(file_path)}"\r\nContent-Type: {content_type}\r\n\r\n').encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = len(head) + os.path.getsize(file_path) + len(tail)

        def body():
            yield head
            with open(file_path, "rb") as source:
                while block := source.read(MiB):
                    yield block
            yield tail

        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.target.host, self.target.port, timeout=self.timeout)
        headers = {"Authorization": "Bearer " + self.token, "Content-Length": str(length),
                   "Content-Type": f"multipart/form-data; boundary={boundary}", "Connection": "keep-alive"}
        started = time.perf_counter()
        try:
            self._conn.request("POST", self.target.prefix + path, body=body(), headers=headers)
            response = self._conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        seconds = time.perf_counter() - started
        if response.will_close:
            self.close()
        return response.status, payload, seconds
