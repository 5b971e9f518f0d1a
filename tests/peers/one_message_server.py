"""Seed 003 (Server.py): accept a client, recv one message (UTF-8), print it, close that
connection, and wait for the next client.

Usage: python3 -u one_message_server.py HOST CLIENTS
Serves CLIENTS clients, then stops (the lesson's loop runs forever).
Prints: LISTENING host port / addr发来消息>>>text / RECV hex "text" / addr断开了与服务器的连接... / CLOSED
"""
import json
import socket
import sys

host, clients = sys.argv[1], int(sys.argv[2])

# 创建Socket TCP对象
family = socket.AF_INET6 if ':' in host else socket.AF_INET  # ::1 is IPv6
Server = socket.socket(family, socket.SOCK_STREAM)
Server.settimeout(10)
Server.bind((host, 0))  # 绑定本地端口
# 启动监听
Server.listen(5)
print('LISTENING', host, Server.getsockname()[1])

# 循环接纳客户端
for _ in range(clients):
    conn, addr_info = Server.accept()  # the lesson calls it `socket`, which hides the module
    conn.settimeout(10)
    # 接收消息
    recv_data = conn.recv(1024)
    data_info = recv_data.decode('utf-8')
    # 输出该消息
    print(f'{addr_info[0]}' + '发来消息>>>' + f'{data_info}')
    print('RECV', recv_data.hex(), json.dumps(data_info, ensure_ascii=False))

    conn.close()  # 断开现有的连接...
    print(f'{addr_info}' + "断开了与服务器的连接...")

Server.close()
print('CLOSED')
