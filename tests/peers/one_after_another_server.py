"""Seed 002 (允许客户端多次连接): accept clients one after another; read each client's messages as
GBK and reply "好的,收到." with encode() — UTF-8, as the lesson does — until it disconnects.

Usage: python3 -u one_after_another_server.py HOST CLIENTS
Serves CLIENTS clients, then stops (the lesson's loop runs forever).
Prints: LISTENING host port / NEW-CLIENT host port / RECV hex "text" / CLIENT-GONE ... / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_listening, print_received

host, clients = sys.argv[1], int(sys.argv[2])

# 1、创建套接字
tcp_server_socket = socket.socket(family_of(host), socket.SOCK_STREAM)
# 2、绑定ip和端口
tcp_server_socket.bind((host, 0))
# 3、监听
tcp_server_socket.listen(128)
print_listening(tcp_server_socket)

# 4、接收客户端连接 — one client at a time: the next one waits in the listen backlog.
for _ in range(clients):
    new_client_socket, ip_port = tcp_server_socket.accept()
    print('NEW-CLIENT', ip_port[0], ip_port[1])
    # 5、开始数据传输
    while True:
        recv_content = new_client_socket.recv(1024)
        # 如果客户端断开了连接,此时recv_content 接收到的数据为空
        if recv_content:
            print_received('RECV', recv_content, "gbk")
            # 回复客户端
            new_client_socket.send("好的,收到.".encode())
        else:
            print('CLIENT-GONE', ip_port[0], ip_port[1])
            break
    # 6、关闭和当前客户端的连接
    new_client_socket.close()

# 7、关闭服务器
tcp_server_socket.close()
print('CLOSED')
