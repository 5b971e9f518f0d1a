"""Seed 003 (Server.py): accept a client, recv one message (UTF-8), print it, close that
connection, and wait for the next client.

Usage: python3 -u one_message_server.py HOST CLIENTS
Serves CLIENTS clients, then stops (the lesson's loop runs forever).
Prints: LISTENING host port / addr发来消息>>>text / RECV hex "text" / addr断开了与服务器的连接... / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_listening, print_received

host, clients = sys.argv[1], int(sys.argv[2])

# 创建Socket TCP对象
Server = socket.socket(family_of(host), socket.SOCK_STREAM)
Server.bind((host, 0))  # 绑定本地端口
# 启动监听
Server.listen(5)
print_listening(Server)

# 循环接纳客户端
for _ in range(clients):
    conn, addr_info = Server.accept()  # the lesson calls it `socket`, which hides the module
    # 接收消息
    recv_data = conn.recv(1024)
    data_info = recv_data.decode('utf-8')
    # 输出该消息
    print(f'{addr_info[0]}' + '发来消息>>>' + f'{data_info}')
    print_received('RECV', recv_data, 'utf-8')

    conn.close()  # 断开现有的连接...
    print(f'{addr_info}' + "断开了与服务器的连接...")

Server.close()
print('CLOSED')
