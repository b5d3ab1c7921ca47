-- One database per service (docker-compose); the local stack creates them in its migrate step.
create database gateway;
create database customers;
create database invoicing;
create database payments;
create database webhooks;
