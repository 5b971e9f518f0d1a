import type { ErrorCode, ErrorParams, Failure } from './contract';

export type Language = 'en' | 'zh-CN';

type Describe = (p: ErrorParams) => string;

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress(
  host: string | number | undefined,
  port: string | number | undefined,
) {
  const h = String(host ?? '');
  return `${h.includes(':') ? `[${h}]` : h}:${port ?? ''}`;
}

const at = (p: ErrorParams) => formatAddress(p.host, p.port);

/**
 * Plain sentences a learner understands: what happened, and what to do about it.
 * Both languages are written side by side so neither falls behind.
 */
const MESSAGES: Record<ErrorCode, Record<Language, Describe>> = {
  ADDRESS_IN_USE: {
    en: (p) =>
      `Port ${p.port} is already in use on ${p.host}: another program (or another session) holds it. Stop that program or pick another port.`,
    'zh-CN': (p) =>
      `端口 ${p.port} 已被占用（${p.host}）：另一个程序（或另一个会话）正在使用它。请关闭那个程序，或换一个端口。`,
  },
  ADDRESS_NOT_AVAILABLE: {
    en: (p) =>
      `The address ${p.host} does not belong to this computer, so nothing can listen on it.`,
    'zh-CN': (p) => `地址 ${p.host} 不属于本机，无法在它上面监听。`,
  },
  PERMISSION_DENIED: {
    en: (p) =>
      `Permission denied for port ${p.port}: ports below 1024 need administrator rights. Use a port from 1024 to 65535.`,
    'zh-CN': (p) =>
      `没有权限使用端口 ${p.port}：1024 以下的端口需要管理员权限。请使用 1024–65535 之间的端口。`,
  },
  CONNECTION_REFUSED: {
    en: (p) =>
      `Connection refused by ${at(p)}: nothing is listening there. Start the server first, and check the host and port.`,
    'zh-CN': (p) =>
      `连接被拒绝（${at(p)}）：那里没有程序在监听。请先启动服务端，并检查地址和端口。`,
  },
  CONNECTION_RESET: {
    en: (p) => `The connection to ${at(p)} was reset by the peer (RST): it closed abruptly.`,
    'zh-CN': (p) => `与 ${at(p)} 的连接被对方重置（RST）：对方异常关闭了连接。`,
  },
  CONNECT_TIMEOUT: {
    // `ms` 0: the system's own timeout ended the attempt, after however long it waits.
    en: (p) =>
      `No answer from ${at(p)}${p.ms ? ` within ${p.ms} ms` : ''}: the host may be down, or a firewall drops the connection.`,
    'zh-CN': (p) =>
      `${p.ms ? `${p.ms} 毫秒内 ` : ''}${at(p)} 没有响应：主机可能未开机，或被防火墙拦截。`,
  },
  HOST_NOT_FOUND: {
    en: (p) =>
      `Host not found: "${p.host}" could not be resolved. Check the spelling, or use an IP address.`,
    'zh-CN': (p) => `找不到主机：无法解析“${p.host}”。请检查拼写，或直接填写 IP 地址。`,
  },
  HOST_UNREACHABLE: {
    en: (p) => `${p.host} cannot be reached from this computer (no route to the host or network).`,
    'zh-CN': (p) => `本机无法到达 ${p.host}（没有通往该主机或网络的路由）。`,
  },
  BROKEN_PIPE: {
    en: (p) => `The peer ${at(p)} has closed the connection; the data could not be sent.`,
    'zh-CN': (p) => `对方 ${at(p)} 已关闭连接，数据未能发出。`,
  },
  INVALID_PORT: {
    en: (p) =>
      p.value === ''
        ? `The ${p.field ?? 'port'} is empty: enter a whole number from ${p.min ?? 1} to 65535.`
        : `Invalid ${p.field ?? 'port'} "${p.value}": a port must be a whole number from ${p.min ?? 1} to 65535.`,
    'zh-CN': (p) =>
      p.value === ''
        ? `端口为空：请填写 ${p.min ?? 1} 到 65535 之间的整数。`
        : `端口“${p.value}”无效：端口必须是 ${p.min ?? 1} 到 65535 之间的整数。`,
  },
  INVALID_HOST: {
    // `host` and `port`: both were typed into the host field ("127.0.0.1:8888").
    en: (p) =>
      p.value === ''
        ? `The ${p.field ?? 'host'} is empty: enter an IP address (like 127.0.0.1) or a host name.`
        : p.port !== undefined
          ? `Invalid ${p.field ?? 'host'} "${p.value}": that is a host and a port. Enter ${p.host} as the host and ${p.port} as the port, each in its own box.`
          : `Invalid ${p.field ?? 'host'} "${p.value}": enter an IPv4 address (127.0.0.1), an IPv6 address (::1) or a host name.`,
    'zh-CN': (p) =>
      p.value === ''
        ? `地址为空：请填写 IP 地址（如 127.0.0.1）或主机名。`
        : p.port !== undefined
          ? `地址“${p.value}”无效：它同时包含了地址和端口。请在地址栏填写 ${p.host}，在端口栏填写 ${p.port}。`
          : `地址“${p.value}”无效：请填写 IPv4 地址（127.0.0.1）、IPv6 地址（::1）或主机名。`,
  },
  INVALID_HEX: {
    en: (p) =>
      p.detail === 'odd'
        ? `Invalid hex: the byte at position ${p.position} has only one digit — write 04, not 4.`
        : p.detail === 'empty'
          ? `Invalid hex: there are no hex digits to send.`
          : `Invalid hex: "${p.char}" at position ${p.position} is not a hex digit (0-9, A-F).`,
    'zh-CN': (p) =>
      p.detail === 'odd'
        ? `十六进制格式错误：第 ${p.position} 个字符处的字节只有一位数字——应写成 04，而不是 4。`
        : p.detail === 'empty'
          ? `十六进制格式错误：没有可发送的十六进制数字。`
          : `十六进制格式错误：第 ${p.position} 个字符“${p.char}”不是十六进制数字（0-9、A-F）。`,
  },
  INVALID_PATTERN: {
    en: (p) =>
      `"${p.pattern}" is not a valid regular expression (${p.detail}). Check the brackets and escapes, or match with "contains" instead.`,
    'zh-CN': (p) =>
      `"${p.pattern}" 不是有效的正则表达式（${p.detail}）。请检查括号和转义，或改用“包含”匹配。`,
  },
  INVALID_ESCAPE: {
    en: (p) =>
      `Invalid escape "${p.sequence}" at position ${p.position}: use \\r \\n \\t \\0 \\\\ or \\xHH.`,
    'zh-CN': (p) =>
      `第 ${p.position} 个字符处的转义“${p.sequence}”无效：可用 \\r \\n \\t \\0 \\\\ 或 \\xHH。`,
  },
  UNENCODABLE_TEXT: {
    en: (p) =>
      `"${p.char}" at position ${p.position} cannot be written in ${p.encoding}; choose another encoding (such as UTF-8).`,
    'zh-CN': (p) =>
      `第 ${p.position} 个字符“${p.char}”无法用 ${p.encoding} 编码表示；请换一种编码（如 UTF-8）。`,
  },
  EMPTY_PAYLOAD: {
    en: () => `Nothing to send: the message is empty.`,
    'zh-CN': () => `没有可发送的内容：消息为空。`,
  },
  NOT_CONNECTED: {
    en: () => `Not connected: connect (or listen / open) first, then send.`,
    'zh-CN': () => `尚未连接：请先连接（或监听 / 打开），再发送。`,
  },
  NO_CLIENTS: {
    en: () => `No client is connected to this server yet, so there is nobody to send to.`,
    'zh-CN': () => `还没有客户端连接到本服务端，无法发送。`,
  },
  NO_TARGET: {
    en: () =>
      `No destination: fill in the remote host and port (or wait for a datagram to reply to).`,
    'zh-CN': () => `没有目标地址：请填写远程主机和端口（或等收到数据报后回复）。`,
  },
  DATAGRAM_TOO_LARGE: {
    en: (p) =>
      `${p.bytes} bytes do not fit in one UDP datagram (at most ${p.max}): send less at a time.`,
    'zh-CN': (p) => `${p.bytes} 字节超出单个 UDP 数据报的上限（${p.max} 字节）：请分多次发送。`,
  },
  IP_VERSION_MISMATCH: {
    en: (p) =>
      `Cannot reach ${p.host} (${p.hostFamily}) from ${p.local} (${p.localFamily}): this session's socket speaks only ${p.localFamily}. Bind the local host to :: to reach both IPv4 and IPv6, or use an ${p.localFamily} address.`,
    'zh-CN': (p) =>
      `无法从 ${p.local}（${p.localFamily}）访问 ${p.host}（${p.hostFamily}）：此会话的套接字只能使用 ${p.localFamily}。请将本地主机绑定为 :: 以同时支持 IPv4 和 IPv6，或改用 ${p.localFamily} 地址。`,
  },
  INVALID_INTERFACE: {
    en: (p) =>
      p.detail === 'not-local'
        ? `No network card on this computer has the address ${p.value}: type one of its addresses, or leave Interface address empty to let the system choose.`
        : `Interface address "${p.value}" is not an IP address: type the IPv4 or IPv6 address of one of this computer's network cards (not its name, like eth0), or leave it empty to let the system choose.`,
    'zh-CN': (p) =>
      p.detail === 'not-local'
        ? `本机没有地址为 ${p.value} 的网卡：请填写本机某块网卡的地址，或留空由系统选择。`
        : `网卡地址“${p.value}”不是 IP 地址：请填写本机某块网卡的 IPv4 或 IPv6 地址（不是 eth0 这样的网卡名），或留空由系统选择。`,
  },
  NOT_MULTICAST: {
    en: (p) =>
      `${p.value} is not a multicast group: IPv4 groups are 224.0.0.0 to 239.255.255.255 (like 239.255.255.250), IPv6 groups start with ff (like ff02::fb).`,
    'zh-CN': (p) =>
      `${p.value} 不是组播地址：IPv4 组播地址为 224.0.0.0 到 239.255.255.255（如 239.255.255.250），IPv6 组播地址以 ff 开头（如 ff02::fb）。`,
  },
  BROADCAST_OFF: {
    en: (p) =>
      `${p.host} is a broadcast address: close the session, tick Broadcast in the network settings, then open it again to send to it.`,
    'zh-CN': (p) =>
      `${p.host} 是广播地址：请先关闭会话，在网络设置中勾选“广播”，再重新打开后发送。`,
  },
  ALREADY_OPEN: {
    en: (p) =>
      p.what === 'periodic'
        ? `A periodic send is already running in this session; stop it first.`
        : p.what === 'file-send'
          ? `A file is already being sent in this session; wait for it or cancel it first.`
          : p.kind === 'export'
            ? `This session is already exporting its log; wait for it to finish.`
            : p.kind
              ? `This session is already writing a ${p.kind === 'log' ? 'log' : 'receive'} file; stop it first.`
              : `This session is already ${p.state}; close it first.`,
    'zh-CN': (p) =>
      p.what === 'periodic'
        ? `该会话已在定时发送，请先停止。`
        : p.what === 'file-send'
          ? `该会话正在发送文件，请等待完成或先取消。`
          : p.kind === 'export'
            ? `该会话正在导出日志，请等待完成。`
            : p.kind
              ? `该会话已在写入${p.kind === 'log' ? '日志' : '接收'}文件，请先停止。`
              : `该会话已打开，请先关闭。`,
  },
  CANCELLED: {
    en: (p) =>
      p.what === 'dialog'
        ? `Cancelled: no file was chosen.`
        : p.what === 'send'
          ? `Cancelled: the file send was stopped.`
          : p.what === 'export'
            ? `Cancelled: the session was closed before the export finished.`
            : p.what === 'export-stopped'
              ? `Cancelled: the export was stopped; the file is incomplete.`
              : `Cancelled: the session was closed before it finished opening.`,
    'zh-CN': (p) =>
      p.what === 'dialog'
        ? `已取消：没有选择文件。`
        : p.what === 'send'
          ? `已取消：文件发送已停止。`
          : p.what === 'export'
            ? `已取消：导出完成前会话已关闭。`
            : p.what === 'export-stopped'
              ? `已取消：导出已停止，文件不完整。`
              : `已取消：会话在打开完成前被关闭。`,
  },
  AUTO_REPLY_DROPPED: {
    en: (p) =>
      `Auto-reply could not keep up: more than ${p.max} replies or ${p.maxBytes} bytes were waiting to be sent, so newer ones were dropped.`,
    'zh-CN': (p) =>
      `自动回复跟不上：待发送的回复超过 ${p.max} 条或 ${p.maxBytes} 字节，较新的回复已被丢弃。`,
  },
  SEND_QUEUE_FULL: {
    en: (p) =>
      `${at(p)} is not reading: ${p.queued} bytes are still waiting to be sent to it, so this send was refused (the limit is ${p.limit} bytes). Wait until it reads, or disconnect it.`,
    'zh-CN': (p) =>
      `${at(p)} 没有读取数据：仍有 ${p.queued} 字节等待发给它，因此拒绝了本次发送（上限 ${p.limit} 字节）。请等待对方读取，或断开它。`,
  },
  UNKNOWN_SESSION: {
    en: (p) => `Session ${p.sessionId} does not exist (it may have been closed).`,
    'zh-CN': (p) => `会话 ${p.sessionId} 不存在（可能已关闭）。`,
  },
  UNKNOWN_CONNECTION: {
    en: (p) => `Client ${p.connectionId} is no longer connected.`,
    'zh-CN': (p) => `客户端 ${p.connectionId} 已不在连接中。`,
  },
  INVALID_REQUEST: {
    en: (p) => `Invalid request: ${p.detail}.`,
    'zh-CN': (p) => `请求无效：${p.detail}。`,
  },
  FILE_ERROR: {
    en: (p) =>
      p.action === 'read'
        ? p.errno === 'ENOENT'
          ? `${p.path} no longer exists.`
          : p.errno === 'ETRUNCATED'
            ? `${p.path} got shorter while it was being sent (another program changed it); only its beginning was sent.`
            : `${p.path} could not be read (${p.errno}).`
        : p.errno === 'ENOENT'
          ? `The folder for ${p.path} does not exist.`
          : p.errno === 'EACCES' || p.errno === 'EPERM'
            ? `No permission to write ${p.path}.`
            : p.errno === 'ENOSPC'
              ? `The disk is full: ${p.path} could not be written.`
              : p.errno === 'ECONNRESET'
                ? `The download of ${p.path} was cancelled in the browser; the file is incomplete.`
                : p.errno === 'ETIMEDOUT'
                  ? `${p.path} was not saved: the browser did not take the download in time.`
                  : `${p.path} could not be written (${p.errno}).`,
    'zh-CN': (p) =>
      p.action === 'read'
        ? p.errno === 'ENOENT'
          ? `${p.path} 已不存在。`
          : p.errno === 'ETRUNCATED'
            ? `${p.path} 在发送过程中变短了（被其他程序修改），只发送了文件的开头部分。`
            : `无法读取 ${p.path}（${p.errno}）。`
        : p.errno === 'ENOENT'
          ? `${p.path} 所在的文件夹不存在。`
          : p.errno === 'EACCES' || p.errno === 'EPERM'
            ? `没有权限写入 ${p.path}。`
            : p.errno === 'ENOSPC'
              ? `磁盘已满，无法写入 ${p.path}。`
              : p.errno === 'ECONNRESET'
                ? `${p.path} 的下载在浏览器中被取消，文件不完整。`
                : p.errno === 'ETIMEDOUT'
                  ? `${p.path} 未保存：浏览器没有及时开始下载。`
                  : `无法写入 ${p.path}（${p.errno}）。`,
  },
  HOST_DISCONNECTED: {
    en: () =>
      `The connection to NetAssist's engine was lost; reconnecting. Check that npm start is still running.`,
    'zh-CN': () => `与 NetAssist 引擎的连接已断开，正在重连。请确认 npm start 仍在运行。`,
  },
  SOCKET_ERROR: {
    en: (p) => `Network error ${p.errno}${p.syscall ? ` during ${p.syscall}` : ''}.`,
    'zh-CN': (p) => `网络错误 ${p.errno}${p.syscall ? `（${p.syscall}）` : ''}。`,
  },
};

export function describeError(code: ErrorCode, params: ErrorParams, language: Language = 'en') {
  return MESSAGES[code][language](params);
}

/** A `Failure` result whose message is the English wording. */
export function fail(code: ErrorCode, params: ErrorParams = {}): Failure {
  return { ok: false, code, message: describeError(code, params), params };
}
