/** 管理员: the area tree, units, users, and the catalog cards of APIs still to come. */
import type { ConsolePage } from '../pages.js';
import { areasPage } from './admin-areas.js';
import { calendarPage } from './admin-calendar.js';
import { catalogPage } from './admin-catalog.js';
import { unitsPage } from './admin-units.js';
import { usersPage } from './admin-users.js';

export const adminPages: ConsolePage[] = [
  { path: '/console/admin', role: 'admin', title: '行政区划', render: areasPage },
  { path: '/console/admin/units', role: 'admin', title: '承办单位', render: unitsPage },
  { path: '/console/admin/users', role: 'admin', title: '用户', render: usersPage },
  { path: '/console/admin/catalog', role: 'admin', title: '分类 / 时限 / 权责', render: catalogPage },
  { path: '/console/admin/calendar', role: 'admin', title: '节假日安排', render: calendarPage },
];
