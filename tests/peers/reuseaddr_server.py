"""Seed 004 (TCP服务端程序接收消息): SO_REUSEADDR, accept one client, recv one message, close.

Usage: python3 -u reuseaddr_server.py HOST ENCODING [PORT]
ENCODING is utf-8, or gbk: "如果是windows的网络调试助手使用gbk编码".
PORT (default 0: any) lets a test start it again on the port it had, as the lesson does with its
fixed port: SO_REUSEADDR is what makes that work at once.
Prints: LISTENING host port / ACCEPTED host port / 接收到的数据为: ... / RECV hex "text" / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_listening, print_received

host, encoding = sys.argv[1], sys.argv[2]
port = int(sys.argv[3]) if len(sys.argv) > 3 else 0

# 创建socket
tcp_server_socket = socket.socket(family_of(host), socket.SOCK_STREAM)
# 设置端口号复用，让程序退出端口号立即释放
tcp_server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, True)
tcp_server_socket.bind((host, port))
# 设置监听
tcp_server_socket.listen(128)
print_listening(tcp_server_socket)

client_socket, clientAddr = tcp_server_socket.accept()
print('ACCEPTED', clientAddr[0], clientAddr[1])
recv_data = client_socket.recv(1024)  # 接收1024个字节
print('接收到的数据为:', recv_data.decode(encoding))
print_received('RECV', recv_data, encoding)
# 关闭为这个服务与客户端的套接字
client_socket.close()
# 关闭为这个服务端套接字
tcp_server_socket.close()
print('CLOSED')
