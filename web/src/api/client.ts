/** An API failure with the server's code and a message fit to show a person. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message)
  }
}

async function request(path: string, init?: RequestInit): Promise<Response> {
  let res: Response
  try {
    res = await fetch(path, init)
  } catch {
    throw new ApiFailure(0, 'network', '无法连接服务器，请检查网络')
  }
  if (!res.ok) {
    let code = 'http_error'
    let message = `服务器返回错误 ${res.status}`
    try {
      const body = (await res.json()) as { error?: { code: string; message: string } }
      if (body.error) ({ code, message } = { code: body.error.code, message: `${message}：${body.error.message}` })
    } catch { /* not JSON */ }
    throw new ApiFailure(res.status, code, message)
  }
  return res
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request(path)).json() as Promise<T>
}

export async function getBinary(path: string): Promise<{ buffer: ArrayBuffer; headers: Headers }> {
  const res = await request(path)
  return { buffer: await res.arrayBuffer(), headers: res.headers }
}
