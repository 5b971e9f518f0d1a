"""Seed 001 (示例1/示例2): 交互式服务端 — recv → print → input() 回复; 'exit' 结束并关闭连接.

Usage: python3 -u interactive_server.py HOST ENCODING
The replies a learner would type are read from stdin (one line each, as input() does).
Prints: LISTENING host port / ACCEPTED host port / RECV hex "text" / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_listening, print_received

host, encoding = sys.argv[1], sys.argv[2]

# 创建Socket对象
socket_server = socket.socket(family_of(host))
# 绑定IP地址和端口 (port 0: the OS picks a free one, and print_listening tells the test)
socket_server.bind((host, 0))
socket_server.listen(1)
print_listening(socket_server)

conn, address = socket_server.accept()
print('ACCEPTED', address[0], address[1])

while True:
    recv_data = conn.recv(1024)
    data = recv_data.decode(encoding)
    print_received('RECV', recv_data, encoding)
    # 示例2: the client sends 'exit'; an empty recv means the client went away.
    if data == 'exit' or not recv_data:
        break
    # 示例1: the person at the server types 'exit'.
    msg = input()
    if msg == 'exit':
        break
    conn.send(msg.encode(encoding))

# 关闭连接
conn.close()
socket_server.close()
print('CLOSED')
