/**
 * The accessible names the tests drive the UI by. The English ones are fixed by issue 3 ("Accessible
 * names"); the Chinese ones are what a zh-CN user reads, checked by the zh-CN test and used to
 * drive the zh-CN screenshots.
 */
export interface Labels {
  protocol: string;
  tcpClient: string;
  tcpServer: string;
  udp: string;
  remoteHost: string;
  remotePort: string;
  localHost: string;
  localPort: string;
  connect: string;
  disconnect: string;
  listen: string;
  stop: string;
  open: string;
  close: string;
  encoding: string;
  hexDisplay: string;
  hexSend: string;
  message: string;
  send: string;
  traffic: string;
  clients: string;
  sendTo: string;
  allClients: string;
  newSession: string;
  clearLog: string;
}

export const EN: Labels = {
  protocol: 'Protocol',
  tcpClient: 'TCP Client',
  tcpServer: 'TCP Server',
  udp: 'UDP',
  remoteHost: 'Remote host',
  remotePort: 'Remote port',
  localHost: 'Local host',
  localPort: 'Local port',
  connect: 'Connect',
  disconnect: 'Disconnect',
  listen: 'Listen',
  stop: 'Stop',
  open: 'Open',
  close: 'Close',
  encoding: 'Encoding',
  hexDisplay: 'Hex display',
  hexSend: 'Hex send',
  message: 'Message',
  send: 'Send',
  traffic: 'Traffic',
  clients: 'Clients',
  sendTo: 'Send to',
  allClients: 'All clients',
  newSession: 'New session',
  clearLog: 'Clear log',
};

export const ZH: Labels = {
  protocol: '协议',
  tcpClient: 'TCP 客户端',
  tcpServer: 'TCP 服务端',
  udp: 'UDP',
  remoteHost: '远程主机',
  remotePort: '远程端口',
  localHost: '本地主机',
  localPort: '本地端口',
  connect: '连接',
  disconnect: '断开',
  listen: '监听',
  stop: '停止',
  open: '打开',
  close: '关闭',
  encoding: '编码',
  hexDisplay: '十六进制显示',
  hexSend: '十六进制发送',
  message: '消息',
  send: '发送',
  traffic: '数据日志',
  clients: '客户端列表',
  sendTo: '发送给',
  allClients: '所有客户端',
  newSession: '新建会话',
  clearLog: '清空日志',
};
