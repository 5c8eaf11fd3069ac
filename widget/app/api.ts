import type { MessageDTO } from '../../lib/protocol/dto.js';
import type { DownloadLinkDTO, FileShareDTO, HttpErrorDTO } from '../../lib/protocol/http.js';
import type { RatingDTO } from '../../lib/protocol/widget.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The widget's HTTP calls to livechat (same origin as this frame), with the visitor token. */
export function widgetApi(token: string) {
  const auth = { authorization: `Bearer ${token}` };
  const fail = (status: number, body: Partial<HttpErrorDTO> | null) =>
    new ApiError(status, body?.error?.code ?? 'error', body?.error?.message ?? `The server answered ${status}.`);

  async function post<T>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    const data = await res.json().catch(() => null);
    if (!res.ok) throw fail(res.status, data);
    return data as T;
  }

  return {
    rate: (chatId: number, rating: number, comment: string) => post<RatingDTO>(`/api/widget/chats/${chatId}/rating`, { rating, comment }),
    downloadLink: (messageId: number) => post<DownloadLinkDTO>(`/api/widget/files/${messageId}/link`),

    /** Uploads one file into a chat (XMLHttpRequest, for its upload progress). */
    upload(chatId: number, file: File, clientMsgId: string, progress: (fraction: number) => void): Promise<MessageDTO> {
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `/api/widget/chats/${chatId}/files`);
        xhr.setRequestHeader('authorization', auth.authorization);
        xhr.responseType = 'json';
        xhr.upload.onprogress = (ev) => ev.lengthComputable && progress(ev.loaded / ev.total);
        // responseType 'json': the body parsed, a FileShareDTO on success, an HttpErrorDTO otherwise.
        const answered = (body: FileShareDTO) => resolve(body.message);
        xhr.onload = () => (xhr.status < 300 ? answered(xhr.response) : reject(fail(xhr.status, xhr.response)));
        xhr.onerror = () => reject(new ApiError(0, 'network', 'The connection failed; try again.'));
        const form = new FormData();
        form.append('clientMsgId', clientMsgId);
        form.append('file', file);
        xhr.send(form);
      });
    },
  };
}

export type WidgetApi = ReturnType<typeof widgetApi>;
